"""Test helpers shared by the canvas tests."""

def weights_for(spec, rng):
    sizes = spec.sizes
    out = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        out += [rng.standard_normal((a, b)), rng.standard_normal(b)]
    return out
