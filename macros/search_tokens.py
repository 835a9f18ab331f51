"""How text becomes search tokens. docs/assets/javascripts/search-index.js
applies the same rules to the query, so both sides always cut alike (the
trap of jieba and of Pagefind: build time and query time disagreeing).

- Chinese runs become character bigrams (道德讲堂 -> 道德 德讲 讲堂); a run of
  one character stays a unigram.
- Latin letters and digits form whole lowercase words (app, 96110).
- Names (titles, synonyms, headings, types) also give unigrams, for
  one-character queries, and exact tokens: "=" + the whole normalised name,
  and "=" + the bare name (一、督查考核 and 督查考核（通用） give =督查考核).
"""

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
            tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
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
    """"=" + the name without its 一、 numbering or （…） note, if it has one."""
    bare = normalize(TRAILING_NOTE.sub("", HEADING_NUMBER.sub("", name)))
    return {EXACT + bare} if bare and bare != normalize(name) else set()
