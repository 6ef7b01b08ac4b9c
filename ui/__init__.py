"""The studio's pages and widgets: the only package besides app.py that imports streamlit."""
