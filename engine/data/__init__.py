"""Data: the lessons' generators, CSV files, input features, the split, the settings.

``dataset`` (the Dataset type), ``datasets`` (generators), ``csvio``, ``features``,
``split`` and ``settings`` (DataSettings); the engine's package exposes them.
"""
