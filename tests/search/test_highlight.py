from app.search.glossary import load_glossary
from app.search.highlight import Highlighter
from app.search.query import parse_query


def test_marks_the_original_words_whatever_the_query_spelling() -> None:
    highlighter = Highlighter(parse_query("xu li nuoc thai"))
    assert highlighter.mark("Xử lý nước thải giấy") == (
        "<mark>Xử</mark> <mark>lý</mark> <mark>nước</mark> <mark>thải</mark> giấy"
    )


def test_escapes_html_in_listing_text_and_query() -> None:
    highlighter = Highlighter(parse_query("<script> robot"))
    marked = highlighter.mark('Robot <img src=x onerror="alert(1)"> hàn')
    assert "<img" not in marked
    assert marked.startswith("<mark>Robot</mark> &lt;img src=x onerror=&quot;alert(1)&quot;&gt;")


def test_marks_prefix_of_last_word_typo_and_glossary_renderings() -> None:
    highlighter = Highlighter(parse_query("wastewater treatmnt", load_glossary()))
    marked = highlighter.mark("Xử lý nước thải; wastewater treatment plant")
    assert "<mark>thải</mark>" in marked
    assert "<mark>treatment</mark>" in marked
    assert "plant" in marked and "<mark>plant</mark>" not in marked
    typing = Highlighter(parse_query("nang luong mat tr"))
    assert typing.mark("Năng lượng mặt trời") == (
        "<mark>Năng</mark> <mark>lượng</mark> <mark>mặt</mark> <mark>trời</mark>"
    )


def test_long_text_is_cut_to_a_window_around_the_first_match() -> None:
    text = " ".join(["đầu"] * 60 + ["lò", "hơi"] + ["cuối"] * 60)
    marked = Highlighter(parse_query("lò hơi")).mark(text, max_words=20)
    assert marked.startswith("…") and marked.endswith("…")
    assert "<mark>lò</mark> <mark>hơi</mark>" in marked
    assert len(marked.split()) <= 22


def test_a_query_word_never_marks_inside_an_escaped_character() -> None:
    marked = Highlighter(parse_query("amp quot")).mark('AT&T "amp" quot')
    assert marked == "AT&amp;T &quot;<mark>amp</mark>&quot; <mark>quot</mark>"


def test_a_page_of_texts_is_marked_text_by_text() -> None:
    """A page's texts are marked together: each comes back on its own, a stray NUL too."""
    highlighter = Highlighter(parse_query("robot hàn"))
    texts = [("Robot hàn", None), ("", None), ("Máy\x00 hàn điểm", 5), ("Lò hơi", None)]
    assert highlighter.mark_all(texts) == [
        "<mark>Robot</mark> <mark>hàn</mark>",
        "",
        "Máy <mark>hàn</mark> điểm",
        "Lò hơi",
    ]
    assert highlighter.mark_all([]) == []
