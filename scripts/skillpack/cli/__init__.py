"""Command-line entry points (click). Kept thin: options in, ``execute()`` out."""
