"""A reflection session's rules, pure (no Streamlit, no database): what a captured session is
and what it must meet (`record`), anonymous votes and their averages (`votes`), the Markdown
summary (`summary`), the timeboxed agenda (`timebox`) and a live session's phases, clock and
join codes (`live`). Their writes are in `alignment.store`, their faces in `alignment.ui`."""
