"""Coform studio entry point: page setup and navigation, nothing else of substance."""

import streamlit as st

from ui.person import carry_token
from ui.startup import warm
from ui.words import word

# A local icon: a Material icon as the page icon is fetched from fonts.gstatic.com by every browser.
st.set_page_config(page_title=word("app.name"), page_icon="ui/static/coform-icon.png", layout="wide")
warm()

pages = [
    st.Page("ui/library_page.py", title=word("app.library"), icon=":material/library_books:", default=True),
    st.Page("ui/editor_page.py", title=word("app.form_editor"), icon=":material/edit_note:"),
    st.Page("ui/workflow_page.py", title=word("app.workflow"), icon=":material/account_tree:"),
    st.Page("ui/compare_page.py", title=word("app.compare"), icon=":material/compare_arrows:"),
    st.Page("ui/export_page.py", title=word("app.export"), icon=":material/download:"),
    st.Page("ui/facilitator_page.py", title=word("app.run_workshop"), icon=":material/groups:"),
    st.Page("ui/participant_page.py", title=word("app.join_workshop"), icon=":material/how_to_vote:"),
    st.Page("ui/results_page.py", title=word("app.results"), icon=":material/bar_chart:"),
]
chosen = st.navigation(pages, position="top")
carry_token()  # a participant stays themselves across pages, Back and refresh (ui/person.py)
chosen.run()
