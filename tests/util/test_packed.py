import pickle

from hypothesis import given
from hypothesis import strategies as st

from dossier.util.packed import Packed

values = st.dictionaries(st.text(max_size=8), st.lists(st.integers() | st.text(max_size=5)),
                         max_size=12)


@given(values)
def test_a_packed_mapping_equals_what_it_packs_and_survives_pickling(mapping):
    packed = Packed.of(mapping)
    assert dict(packed) == mapping
    assert list(packed) == list(mapping)  # the same order
    again = pickle.loads(pickle.dumps(packed))
    assert isinstance(again, Packed)
    assert again == packed == mapping
    assert dict(again.items()) == mapping


def test_a_value_is_unpickled_only_when_asked_for_and_only_once():
    packed = pickle.loads(pickle.dumps(Packed.of({"a": [1], "b": [2]})))
    assert "a" in packed and "z" not in packed
    assert packed._open == {}  # a membership test unpickles nothing
    first = packed["a"]
    assert packed["a"] is first and list(packed._open) == ["a"]
    assert packed.get("z") is None


def test_what_was_unpickled_is_not_pickled_again():
    packed = Packed.of({"a": list(range(100))})
    size = len(pickle.dumps(packed))
    packed["a"]
    assert len(pickle.dumps(packed)) == size


def test_an_empty_mapping_survives_pickling():
    again = pickle.loads(pickle.dumps(Packed.of({})))
    assert len(again) == 0 and dict(again) == {}
