// Intentionally empty: the target only supplies the entry point below to the linker.
