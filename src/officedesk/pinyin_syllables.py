"""Mandarin syllables, for reading what a user typed as pinyin without loading pypinyin.

A search for `hetong` must find 合同: the index holds each title's syllables (search_sounds), and
the query is cut into syllables here. The table is the toneless syllables pypinyin's character
dictionary uses (ü written v, as pinyin keyboards type it), without the bare nasals m, n, ng
and hm, which would let almost any string be cut somewhere. Pure data and string work: the
search command imports this, and it costs nothing.
"""

_TABLE = """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu
    ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou
    chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang
    dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en
    eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou
    gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai
    huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai
    kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao
    le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve
    ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang
    nao ne nei nen neng ni nia nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve
    o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang
    qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan
    rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi
    shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan
    tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei
    wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan
    yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha
    zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui
    zhun zhuo zi zong zou zu zuan zui zun zuo
"""
SYLLABLES = frozenset(_TABLE.split())
_PREFIXES = frozenset(s[:i] for s in SYLLABLES for i in range(1, len(s) + 1))
_GROWING = frozenset(s for s in SYLLABLES if any(o != s and o.startswith(s) for o in SYLLABLES))
MAX_SPLITS = 3  # readings of one typed word: xian is xian or xi'an, and that is about all
MAX_INITIALS = 10  # letters typed as initials: aq, aqsc (安全生产), gyzz…


def syllable_splits(word: str) -> list[list[str]]:
    """The ways `word` (lower-case letters) reads as syllables, the last one possibly cut short
    because the user is still typing it: hetong → [[he, tong]], heto → [[he, to]],
    xian → [[xian], [xia, n], [xi, an]]. At most MAX_SPLITS, fewest syllables first; [] when
    there is no reading. (complete() says whether the last one is whole.)"""
    if not (word.isascii() and word.isalpha()):
        return []
    size = len(word)
    # readable[i]: word[i:] reads as syllables; worked out from the end, so the walk below
    # never enters a dead end (a pasted 200-letter word costs a few thousand slices).
    readable = [False] * (size + 1)
    for start in range(size - 1, -1, -1):
        readable[start] = word[start:] in _PREFIXES or any(
            word[start:end] in SYLLABLES and readable[end]
            for end in range(start + 1, min(size, start + 6) + 1)
            if end < size
        )
    found: list[list[str]] = []

    def walk(start: int, taken: list[str]) -> None:
        if len(found) >= MAX_SPLITS * 4:
            return
        if word[start:] in _PREFIXES:  # the last syllable, complete or being typed
            found.append([*taken, word[start:]])
        for end in range(min(size - 1, start + 6), start, -1):
            if word[start:end] in SYLLABLES and readable[end]:
                walk(end, [*taken, word[start:end]])

    if size and readable[0]:
        walk(0, [])
    return sorted(found, key=len)[:MAX_SPLITS]


def complete(syllable: str) -> bool:
    return syllable in SYLLABLES


def sound_readings(word: str) -> list[tuple[list[str], bool]]:
    """The readings a search looks for, as (syllables, last one a prefix?).

    The user may still be typing, so a last syllable of two letters or more is a beginning
    (heto → he to…, and in the likeliest reading xianggan → xiang gan…), matched through the
    index's two-letter prefixes (search_index.FTS_TABLE); a whole one that no longer syllable
    begins with (tong, suan) is matched as it is, which is cheaper. A last letter that is no
    syllable on its own is left out until the next one comes (anquans → an quan), as a
    one-letter prefix would merge thousands of index entries; a word that reads as whole
    syllables does not need it (yusuan is not yu su a + n…), nor does one of three letters or
    fewer, which is initials (aq, bgs)."""
    splits = syllable_splits(word)
    whole = any(complete(split[-1]) for split in splits)
    readings: list[tuple[list[str], bool]] = []
    for rank, split in enumerate(splits):
        last = split[-1]
        if len(last) > 1:  # a whole one may still grow (gan → gang) in the likeliest reading
            reading = (split, not complete(last) or (rank == 0 and last in _GROWING))
        elif complete(last):  # a, e, o
            reading = (split, False)
        elif not whole and len(word) > 3:
            reading = (split[:-1], False)
        else:
            continue
        if reading not in readings:
            readings.append(reading)
    return readings


def initial_pairs(word: str) -> list[str]:
    """`word` read as the initials of consecutive syllables, as the index stores them: every
    two neighbours, one token (aqsc → [aq, qs, sc]). [] for a word that cannot be initials,
    or that is longer than three letters and reads as whole syllables (hetong, yusuan): such
    a word is pinyin, and reading it as six initials too would only cost time."""
    if not (word.isascii() and word.isalpha()) or not 2 <= len(word) <= MAX_INITIALS:
        return []
    if len(word) > 3 and any(complete(split[-1]) for split in syllable_splits(word)):
        return []
    return [word[i : i + 2] for i in range(len(word) - 1)]
