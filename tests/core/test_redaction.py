"""core.redaction, pure: a person's name, e-mail and phone leave free text; other words stay."""

from core.redaction import Redactor


def _redactor():
    return Redactor.for_person(
        names=["Dana Kowalski"], secrets=["dana.k@example.org", "+48 600 100 200"], replacement="Candidate 7"
    )


def test_the_full_name_in_any_case_and_spacing_and_each_capitalised_part():
    """Full name case-insensitively; 'Dana' as a word; lower-case 'dana' inside a word is left."""
    redact = _redactor()
    assert redact("DANA  kowalski was strong.") == "Candidate 7 was strong."
    assert redact("Dana explained; Kowalski's code ran.") == "Candidate 7 explained; Candidate 7's code ran."
    assert redact("Danaher and the mandana stay") == "Danaher and the mandana stay"


def test_contact_details_anywhere_and_json_structures():
    """E-mail in any case, the phone as written; lists and dicts are walked."""
    redact = _redactor()
    assert redact("Mail DANA.K@example.org or call +48 600 100 200.") == "Mail Candidate 7 or call Candidate 7."
    value = {"reasons": [{"message": "Dana was rude", "n": 2}], "Dana": True}
    assert redact.json(value) == {"reasons": [{"message": "Candidate 7 was rude", "n": 2}], "Candidate 7": True}
    assert redact.mentions("a note on dana kowalski")
    assert not redact.mentions("nothing here")


def test_a_person_without_a_name_changes_nothing():
    """No names or secrets: text passes through."""
    assert Redactor.for_person(names=[""], secrets=[], replacement="x")("Dana") == "Dana"


def test_terms_that_cannot_name_anyone_are_not_erased():
    """A name "0", a phone "1" or a one-letter name erase nothing: timestamps, ids and words stay."""
    redact = Redactor.for_person(names=["0", "A"], secrets=["1", "x"], replacement="[anonymized]")
    text = '{"computed_at": "2026-12-01T12:23:20.355442+00:00", "note": "A good round, 10/10."}'
    assert redact(text) == text
    assert redact.json({"computed_at": "2026-12-01T12:23:20"}) == {"computed_at": "2026-12-01T12:23:20"}


def test_names_go_as_whole_words_in_any_case_and_anywhere_in_unspaced_scripts():
    """ "Will" and "will" go (privacy first), "willing" stays; a name in Chinese goes inside a sentence."""
    redact = Redactor.for_person(names=["Will", "王伟"], secrets=["+44 20 7946 0123"], replacement="[x]")
    assert redact("Will said he will call +44 20 7946 0123, willing.") == "[x] said he [x] call [x], willing."
    assert redact("王伟的面试很好") == "[x]的面试很好"
