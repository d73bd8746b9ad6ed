"""Load test: concurrent practitioners over Streamlit's WebSocket protocol, `python -m bench.load`."""
