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
from ui.words import word

CHOICE_KEY = "workflow_choice"


def steps_table(workflow: Workflow, forms: Mapping[str, Form]) -> list[dict[str, object]]:
    """One row per step: what it is, who does it, with which form, within what time, where it leads."""
    steps = workflow.step_map()
    rows = []
    for number, step in enumerate(workflow.steps, 1):
        form = forms.get(step.form) if step.form else None
        ways = []
        for t in step.next:
            target = steps[t.to].title if t.to in steps else word("workflow.no_such_step", to=t.to)
            ways.append(f"→ {target}" + (word("workflow.when", when=t.when) if t.when else ""))
        rows.append({
            word("workflow.number"): number,
            word("workflow.step"): step.title or step.id,
            word("workflow.who"): readable(step.actor) if step.actor else "",
            word("workflow.form"): (form.title if form else word("workflow.not_found", form=step.form))
            if step.form else "",
            word("workflow.time_limit"): word("workflow.within", time_limit=step.time_limit.describe())
            if step.time_limit else word("workflow.none_set"),
            word("workflow.next"): word("workflow.end_workflow") if step.end
            else "; ".join(ways) or word("workflow.nowhere_dead_end"),
        })
    return rows


def legend(workflow: Workflow) -> None:
    """What each numbered arrow means, as an ordered list of plain text (participant text escaped)."""
    lines = legend_lines(workflow)
    if not lines:
        st.caption(word("workflow.no_way_out_step"))
        return
    st.markdown(word("workflow.when_each_numbered_way"))
    st.markdown("\n".join(f"{number}. {md(line)}" for number, line in enumerate(lines, 1)))


def _path_metrics(title: str, path: PathBurden | None, titles: Mapping[str, str]) -> None:
    st.subheader(title)
    if path is None:
        st.info(word("workflow.there_no_complete_path"))
        return
    st.caption(" → ".join(md(titles.get(s, s)) for s in path.steps))
    st.metric(word("workflow.practitioner_minutes_worst_case"), f"{round(path.practitioner_minutes, 1):.1f}")
    st.metric(word("workflow.practitioner_minutes_typical"), f"{round(path.practitioner_minutes_typical, 1):.1f}")
    st.metric(word("workflow.person_minutes_worst_case"), f"{round(path.person_minutes, 1):.1f}")
    st.metric(word("workflow.person_minutes_typical"), f"{round(path.person_minutes_typical, 1):.1f}")
    st.metric(word("workflow.fields"), str(path.fields))
    st.metric(word("workflow.steps"), str(len(path.steps)))


st.title(word("workflow.title"))
st.write(word("workflow.intro"))

results = {name_of(r): r for r in library() if r.workflow is not None}
if not results:
    st.info(word("workflow.there_no_workflows_library"))
    st.stop()
choice = st.selectbox(word("workflow.workflow"), list(results), key=CHOICE_KEY,
                      format_func=lambda name: f"{results[name].workflow.title} ({name})")
result = results[choice]
workflow = result.workflow
forms = shipped_forms()

st.header(md(workflow.title))
st.caption(word("workflow.version", version=workflow.version, readable=md(readable(workflow.status)))
           + (f" · {md(workflow.owner)}" if workflow.owner else ""))
st.write(md(" ".join(workflow.purpose.split())))

# A summary up front, the details at the end: errors change how far the figures below can be trusted.
if result.issues:
    st.write(word("workflow.checks_error_s_warning", errors=len(result.errors), warnings=len(result.warnings)))
else:
    st.write(word("workflow.checks_no_errors_warnings"))

st.subheader(word("workflow.diagram"))
st.caption(word("workflow.read_top_each_box"))
# Natural size on a wide screen (stretching would blow a small workflow up to page height), scaled
# down to fit a narrow one; the drawing is laid out so its text stays readable when it is (ui/dot.py).
# Two columns on a wide screen; Streamlit stacks them on a phone, the list under the diagram.
drawing, key = st.columns(2)
with drawing:
    st.graphviz_chart(workflow_dot(workflow, forms), width="content", alt=alt_text(workflow))
with key:
    legend(workflow)

st.subheader(word("workflow.steps"))
st.dataframe(steps_table(workflow, forms), hide_index=True, width="stretch",
             column_config={word("workflow.step"): st.column_config.TextColumn(pinned=True)})

burden = workflow_burden(workflow, forms)
titles = {s.id: s.title or s.id for s in workflow.steps}
st.subheader(word("workflow.burden_along_way"))
st.write(word("workflow.what_forms_met_along"))
if burden.missing_forms:
    st.warning(word("workflow.not_counted_because_library") + md(", ".join(burden.missing_forms)) + ".")
short_col, long_col = st.columns(2)
with short_col:
    _path_metrics(word("workflow.shortest_path"), burden.shortest_path, titles)
with long_col:
    _path_metrics(word("workflow.longest_path"), burden.longest_path, titles)

st.subheader(word("workflow.who_does_step"))
st.caption(word("workflow.all_steps_each_actor"))
st.dataframe([{word("workflow.who"): readable(actor), word("workflow.steps"): figures["steps"],
               word("workflow.forms"): ", ".join(forms[f].title for f in figures["forms"]) or word("workflow.none"),
               word("workflow.practitioner_minutes"): figures["practitioner_minutes"],
               word("workflow.person_minutes"): figures["person_minutes"]}
              for actor, figures in burden.by_actor.items()], hide_index=True, width="stretch")

st.subheader(word("workflow.checks"))
if not result.issues:
    st.write(word("workflow.no_errors_warnings"))
else:
    st.write(word("workflow.error_s_warning_s", errors=len(result.errors), warnings=len(result.warnings)))
    st.markdown(issue_list(result.issues))
