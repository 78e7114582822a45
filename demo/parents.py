"""Demo content of the parents app (run by `load_demo` after the site tree and the region)."""


def load(stdout):
    return []
