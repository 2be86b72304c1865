"""Retention (AVG): terms per organisation and register, the 30-day notice, extension and destruction.

A separate app because it spans both registers while belonging to neither; it reads and blanks their rows
only through the functions in `bewaren.services`, and keeps its own metadata-only destruction log.
"""
