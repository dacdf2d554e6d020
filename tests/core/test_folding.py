from app.core.folding import folded_tokens, search_fold
from app.search.glossary import load_glossary


def test_spellings_of_one_phrase_fold_to_the_same_text() -> None:
    spellings = ["xử lý nước thải", "xu ly nuoc thai", "xử lí nước thải", "XỬ LÝ NƯỚC THẢI"]
    assert {search_fold(text) for text in spellings} == {"xu ly nuoc thai"}


def test_i_y_variants_fold_together_but_gi_and_longer_syllables_are_kept() -> None:
    assert search_fold("kĩ thuật") == search_fold("kỹ thuật") == "ky thuat"
    assert search_fold("quí") == search_fold("quý") == "quy"
    assert search_fold("gì") == "gi"
    assert search_fold("linh kiện") == "linh kien"
    assert search_fold("Đúc đồng") == "duc dong"


def test_glossary_links_english_and_vietnamese_renderings() -> None:
    glossary = load_glossary()
    (segment,) = glossary.segment(folded_tokens("wastewater treatment"))
    assert ("xu", "ly", "nuoc", "thai") in segment.alternatives
    (segment,) = glossary.segment(folded_tokens("robot hàn"))
    assert ("welding", "robot") in segment.alternatives
    (segment,) = glossary.segment(folded_tokens("lychee"))
    assert ("vai", "thieu") in segment.alternatives


def test_glossary_takes_the_longest_phrase_and_keeps_other_words() -> None:
    glossary = load_glossary()
    tokens = folded_tokens("xử lý nước thải cho làng nghề giấy")
    pieces = [tokens[s.start : s.end] for s in glossary.segment(tokens)]
    assert pieces[0] == ["xu", "ly", "nuoc", "thai"]
    assert ["cho"] in pieces


def test_glossary_file_has_a_few_hundred_entries() -> None:
    assert len(load_glossary().concepts) >= 300


def test_a_typing_mistake_in_a_long_word_still_reaches_the_glossary() -> None:
    glossary = load_glossary()
    (segment,) = glossary.segment(folded_tokens("hydroponcs"))
    assert ("thuy", "canh") in segment.alternatives
    first, _ = glossary.segment(folded_tokens("biomas boiler"))
    assert ("sinh", "khoi") in first.alternatives  # biomass; biogas is offered as well
    (phrase,) = glossary.segment(folded_tokens("predictve maintenance"))
    assert ("bao", "try", "du", "doan") in phrase.alternatives
    # Short words are never "corrected": "robot" stays itself.
    assert glossary.corrections("robot") == []
