"""Workflow page: a library workflow as a diagram, its steps in words, the burden along its paths, and its checks."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from forms.burden import PathBurden, workflow_burden
from forms.loader import shipped_forms
from forms.model import Form, Workflow
from forms.vocabulary import readable
from ui.dot import alt_text, legend_lines, workflow_dot
from ui.library_data import library, name_of
from ui.text import issue_list, md

CHOICE_KEY = "workflow_choice"


def steps_table(workflow: Workflow, forms: Mapping[str, Form]) -> list[dict[str, object]]:
    """One row per step: what it is, who does it, with which form, within what time, where it leads."""
    steps = workflow.step_map()
    rows = []
    for number, step in enumerate(workflow.steps, 1):
        form = forms.get(step.form) if step.form else None
        ways = []
        for t in step.next:
            target = steps[t.to].title if t.to in steps else f"{t.to} (no such step)"
            ways.append(f"→ {target}" + (f" (when: {t.when})" if t.when else ""))
        rows.append({
            "No.": number,
            "Step": step.title or step.id,
            "Who": readable(step.actor) if step.actor else "",
            "Form": (form.title if form else f"{step.form} (not found)") if step.form else "",
            "Time limit": f"Within {step.time_limit.describe()}" if step.time_limit else "None set",
            "Next": "End of the workflow" if step.end else "; ".join(ways) or "Nowhere (dead end)",
        })
    return rows


def legend(workflow: Workflow) -> None:
    """What each numbered arrow means, as an ordered list of plain text (participant text escaped)."""
    lines = legend_lines(workflow)
    if not lines:
        st.caption("No way out of a step has a condition, so no arrow is numbered.")
        return
    st.markdown("**When each numbered way is taken**")
    st.markdown("\n".join(f"{number}. {md(line)}" for number, line in enumerate(lines, 1)))


def _path_metrics(title: str, path: PathBurden | None, titles: Mapping[str, str]) -> None:
    st.subheader(title)
    if path is None:
        st.info("There is no complete path from the start to an end, so there is nothing to add up.")
        return
    st.caption(" → ".join(md(titles.get(s, s)) for s in path.steps))
    st.metric("Practitioner minutes (worst case)", f"{round(path.practitioner_minutes, 1):.1f}")
    st.metric("Practitioner minutes (typical)", f"{round(path.practitioner_minutes_typical, 1):.1f}")
    st.metric("Person minutes (worst case)", f"{round(path.person_minutes, 1):.1f}")
    st.metric("Person minutes (typical)", f"{round(path.person_minutes_typical, 1):.1f}")
    st.metric("Fields", str(path.fields))
    st.metric("Steps", str(len(path.steps)))


st.title("Workflows")
st.write("How the forms fit together: who does each step, with which form and within what time, "
         "and what a whole journey asks of practitioners and of the person.")

results = {name_of(r): r for r in library() if r.workflow is not None}
if not results:
    st.info("There are no workflows in the library yet.")
    st.stop()
choice = st.selectbox("Workflow", list(results), key=CHOICE_KEY,
                      format_func=lambda name: f"{results[name].workflow.title} ({name})")
result = results[choice]
workflow = result.workflow
forms = shipped_forms()

st.header(md(workflow.title))
st.caption(f"Version {workflow.version} · {md(readable(workflow.status))}"
           + (f" · {md(workflow.owner)}" if workflow.owner else ""))
st.write(md(" ".join(workflow.purpose.split())))

# A summary up front, the details at the end: errors change how far the figures below can be trusted.
if result.issues:
    st.write(f"Checks: {len(result.errors)} error(s) and {len(result.warnings)} warning(s), listed at the end.")
else:
    st.write("Checks: no errors or warnings.")

st.subheader("Diagram")
st.caption("Read from the top. Each box is a step, with who does it, its form and its time limit. Where a "
           "step can lead to more than one place, the arrows carry numbers: the list beside the diagram (under "
           "it on a phone) says when each way is taken. The steps table below says the same in words.")
# Natural size on a wide screen (stretching would blow a small workflow up to page height), scaled
# down to fit a narrow one; the drawing is laid out so its text stays readable when it is (ui/dot.py).
# Two columns on a wide screen; Streamlit stacks them on a phone, the list under the diagram.
drawing, key = st.columns(2)
with drawing:
    st.graphviz_chart(workflow_dot(workflow, forms), width="content", alt=alt_text(workflow))
with key:
    legend(workflow)

st.subheader("Steps")
st.dataframe(steps_table(workflow, forms), hide_index=True, width="stretch",
             column_config={"Step": st.column_config.TextColumn(pinned=True)})

burden = workflow_burden(workflow, forms)
titles = {s.id: s.title or s.id for s in workflow.steps}
st.subheader("Burden along the way")
st.write("What the forms met along a path ask for, from the start to an end. Worst case counts every "
         "question; typical counts questions that are only sometimes shown at half.")
if burden.missing_forms:
    st.warning("Not counted, because the library has no such form: " + md(", ".join(burden.missing_forms)) + ".")
short_col, long_col = st.columns(2)
with short_col:
    _path_metrics("Shortest path", burden.shortest_path, titles)
with long_col:
    _path_metrics("Longest path", burden.longest_path, titles)

st.subheader("By who does the step")
st.caption("All steps each actor does, on any path.")
st.dataframe([{"Who": readable(actor), "Steps": figures["steps"],
               "Forms": ", ".join(forms[f].title for f in figures["forms"]) or "None",
               "Practitioner minutes": figures["practitioner_minutes"],
               "Person minutes": figures["person_minutes"]}
              for actor, figures in burden.by_actor.items()], hide_index=True, width="stretch")

st.subheader("Checks")
if not result.issues:
    st.write("No errors or warnings.")
else:
    st.write(f"{len(result.errors)} error(s) and {len(result.warnings)} warning(s), in file order:")
    st.markdown(issue_list(result.issues))
