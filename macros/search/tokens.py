"""How text becomes search tokens. docs/assets/javascripts/search-index.js
applies the same rules to the query, so both sides always cut alike (the
trap of jieba and of Pagefind: build time and query time disagreeing).

- Chinese runs become character bigrams (道德讲堂 -> 道德 德讲 讲堂); a run of
  one character stays a unigram.
- Latin letters and digits form whole lowercase words (app, 96110).
- Names (titles, synonyms, headings, types) also give unigrams, for
  one-character queries, and exact tokens: "=" + the whole normalised name,
  and "=" + the bare name (一、督查考核 and 督查考核（通用） give =督查考核).
- Sounds (typing slips of a pinyin input method: 倡仪书 for 倡议书): each
  Chinese bigram and exact name has a sound key, "~" + its toneless pinyin
  (倡议 and 倡仪 -> ~chang-yi, =倡议书 -> ~=chang-yi-shu). The browser has
  no pypinyin: it reads the same readings from a table the build writes
  (sound_table()), one reading per character, so both sides agree.
"""

import functools
import re
import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUNS = re.compile(rf"[{CJK}]+|[a-z0-9]+")
EXACT = "="
# 一、 （一） 1. （1） at the start of a heading
HEADING_NUMBER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十\d]+[、.．])\s*")
# 保障措施（通用） -> 保障措施
TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]\s*$")


def normalize(text):
    """Lowercase, full-width folded, only Chinese characters, letters and digits."""
    return "".join(RUNS.findall(unicodedata.normalize("NFKC", text).lower()))


def text_tokens(text):
    """Tokens of running text: bigrams of Chinese runs, whole Latin/digit words."""
    tokens = []
    for run in RUNS.findall(unicodedata.normalize("NFKC", text).lower()):
        if run[0].isascii():
            tokens.append(run)
        elif len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def name_tokens(name):
    """Tokens of a name: its text tokens, its characters, and "=" + the whole name."""
    tokens = set(text_tokens(name))
    for run in RUNS.findall(unicodedata.normalize("NFKC", name).lower()):
        if not run[0].isascii():
            tokens.update(run)
    tokens.add(EXACT + normalize(name))
    return tokens


def bare_name_tokens(name):
    """ "=" + the name without its 一、 numbering or （…） note, if it has one."""
    bare = normalize(TRAILING_NOTE.sub("", HEADING_NUMBER.sub("", name)))
    return {EXACT + bare} if bare and bare != normalize(name) else set()


SOUND = "~"
CJK_CHAR = re.compile(rf"[{CJK}]")


@functools.cache
def char_sound(char):
    """A Chinese character's toneless pinyin (its first reading in pypinyin);
    other characters stand for themselves."""
    if not CJK_CHAR.fullmatch(char):
        return char
    # Imported on first use: its dictionaries take about 0.4 s to load, which a
    # build whose search entries all come from the cache never needs.
    from pypinyin import Style, pinyin

    return pinyin(char, style=Style.NORMAL, heteronym=False, errors=lambda text: [text])[0][0]


def sound_key(token):
    """The sound key of a bigram or an exact name ("=…"); None for other tokens
    (unigrams, Latin words: too short or not Chinese)."""
    exact = token.startswith(EXACT)
    text = token[len(EXACT) :] if exact else token
    if not CJK_CHAR.search(text) or (not exact and len(text) != 2):
        return None
    return SOUND + (EXACT if exact else "") + "-".join(char_sound(c) for c in text)


def common_characters():
    """The 3,755 characters of GB 2312 level 1: everyday characters a slip may
    bring into a query even where no page uses them."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def sound_table(tokens):
    """{reading: its characters} for the characters of `tokens` and the common
    ones (grouped by reading: a third of the size of {character: reading})."""
    chars = set(common_characters())
    for token in tokens:
        chars.update(c for c in token if CJK_CHAR.fullmatch(c))
    table = {}
    for c in sorted(chars):
        table[char_sound(c)] = table.get(char_sound(c), "") + c
    return dict(sorted(table.items()))
