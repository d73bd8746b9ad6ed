"""The baseline page: the assessment page's answer radios, and nothing else.

`streamlit run bench/bare_page.py` or AppTest runs it; BENCH_BARE_PAGE_SPEC names the JSON file
(written by `write_spec`) with the radios' keys and labels, so both pages show the same widgets.
"""

import json
import os
from pathlib import Path

import streamlit as st

spec = json.loads(Path(os.environ["BENCH_BARE_PAGE_SPEC"]).read_text(encoding="utf-8"))
# JSON keys are strings; the app's options are the integers 1-5 and "na".
labels = {int(value) if value.isdigit() else value: label for value, label in spec["options"].items()}
for radio in spec["radios"]:
    st.radio(
        radio["label"],
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        horizontal=True,
        key=radio["key"],
    )
