"""Yes/no values, read the same way everywhere: settings, the API's parameters, the public pages' filters."""

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def parse_yes_no(value: str) -> bool:
    """``"1"``, ``"true"``, ``"yes"``, ``"on"`` → True; ``"0"``, ``"false"``, ``"no"``, ``"off"`` → False.

    Case and surrounding spaces are ignored. Raises ValueError for anything else (an empty string included),
    so that each caller says what it expects rather than guessing.
    """
    word = value.strip().lower() if isinstance(value, str) else value
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"not a yes/no value: {value!r}")
