"""Browser tests: the course in a real JupyterLab, driven in headless Chromium.

Must not import leadlib.widgets, matplotlib or ipywidgets: the kernel does that, not pytest.
"""
