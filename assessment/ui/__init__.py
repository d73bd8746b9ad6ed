"""The Streamlit glue, by audience; the only part of the package that imports streamlit.

- `state`: every key the app keeps in the session, named once, with accessors.
- `shared`: settings, questionnaire and database for a run; messages; the personal code.
- `practitioner`: the questionnaire's widgets, the stored draft behind them, notes, submission.
- `lead`: a team lead's login, team creation, rounds and paper forms.
"""
