"""Where a long title breaks (GB/T 9704-2012 7.3.1: 词意完整，排列对称).

A 2号 title (22 pt) holds 20 characters in the 156 mm text block. A longer
title is broken by the build, not left to Word: only between words, into
lines of nearly equal length, preferring the places a 文秘 breaks at (after
「关于……的」, before 工作/方案/通知…, around a name). A page may declare
its break points with <wbr> in the heading (blocks.py reads it as
BREAK_HINT): the break is then chosen among them.

Words come from a small list of the words our titles use (no jieba, which
the site does not depend on): a break is never placed inside one of them,
inside a variable's value (a name), inside 〔…〕 or “…”, nor next to
punctuation that must not start or end a line.
"""

import math

TITLE_CHARS = 20  # 22 pt characters in 156 mm (442 pt)
BREAK_HINT = "\u200b"  # a <wbr> of the page: a declared break point

# Words a title line must not split. Longer words first does not matter:
# the tokenizer takes the longest match at each place.
WORDS = set(
    """
社区 村 街道 单位 年度 上半年 下半年 精神文明 精神 文明 建设 工作 总结 小结 方案 计划 实施 要点 创建 复查 城市 文明城市
移风易俗 树立 新风 专项 测评 迎检 学习型 学习 未成年人 思想道德 思想 道德 新时代 文明实践站 实践站 实践 反馈 问题 整改
志愿 志愿者 志愿服务 服务 申报 表彰 家庭 文明家庭 优秀 身边好人 好人 决定 活动 名称 安全 预案 推荐 推荐表 宣讲 提纲
居民 一封信 全体 领导小组 领导 小组 会议 纪要 专班 例会 主题 主题活动 通知 召开 代表 倡议书 倡议 养犬 光盘 行动 制止
餐饮 浪费 过节 燃放 烟花爆竹 祭扫 招募 垃圾分类 垃圾 分类 婚事新办 丧事简办 情况 报告 自查 简报 信息稿 签到表 记录表
登记表 反馈表 说明 签收表 时长 物资 发放 入户 走访 照片 意见 建议 课堂 暑期 托管 宣传 禁毒 反邪教 防范 电信网络诈骗
电信 网络 诈骗 双拥 共建 慰问 文艺 汇演 团队 培育 美丽 家园 清洁 无偿献血 献血 组织 困境儿童 留守儿童 儿童 关爱
童心向党 歌咏 童谣 传唱 儿童节 市民学校 市民 学校 市容环境 市容 环境 整治 公民道德宣传日 道德模范 模范 月度 校园 楼院
协议书 协议 章程 红白理事会 理事会 村规民约 居民公约 公约 公示 结果 评选 办法 请示 商请函 目录 台账 调查 问卷 需求
满意度 知晓率 主持词 讲话稿 讲话 农民丰收节 丰收节 丰收 中国 文化 传统 节日 春节 元宵 清明 端午 中秋 重阳 七夕 国庆
党员 党组织 党建 党史 理论 政策 法治 普法 科普 健康 养老 敬老 孝老 老年人 空巢老人 居家养老 邻里 邻里节 和谐 平安
消防 交通 安全生产 读书 阅读 书香 家风 家训 家教 巾帼 妇女 青少年 未成年 心理 帮扶 助残 残疾人 退役军人 军人 困难
群众 帮扶 送温暖 慈善 捐赠 义诊 义务 环保 绿色 低碳 节约 节能 植树 卫生 爱国卫生 文明交通 交通 出行 礼让 排队 用餐
公筷 分餐 诚信 友善 敬业 爱国 核心价值观 价值观 社会主义 雷锋 学雷锋 先进 典型 事迹 材料 发布 讲堂 道德讲堂 评议
议事 协商 网格 楼栋 物业 业主 志愿者招募 招聘 培训 技能 就业 创业 文明单位 文明村镇 村镇 乡风 乡风文明 美丽乡村 乡村
振兴 农村 农民 人居环境 红色 教育 基地 参观 研学 诵读 经典 朗诵 演讲 比赛 竞赛 展演 展览 书画 摄影 征文 评比
""".split()
)
MAX_WORD = max(map(len, WORDS))

# Places a 文秘 breaks at: after these (关于……的, a year, a dot), before these.
AFTER = ("的", "·", "、", "）", "”", "年")
BEFORE = (
    "工作",
    "方案",
    "计划",
    "通知",
    "报告",
    "总结",
    "小结",
    "要点",
    "倡议书",
    "预案",
    "决定",
    "纪要",
    "关于",
    "活动方案",
    "信息稿",
    "签到表",
    "记录表",
    "登记表",
    "反馈表",
    "签收表",
    "照片说明",
    "推荐表",
    "“",
    "（",
)
NO_LINE_START = set("，。、；：？！”’）》〕」』…·")
NO_LINE_END = set("“‘（《〔「『")


def width(text):
    """A line's width in 2号 characters: CJK full, ASCII digits a little over half
    (LibreOffice's substitute fonts draw them wider than Word's)."""
    return sum(0.6 if ord(c) < 0x2000 else 1 for c in text if c != BREAK_HINT)


def tokens(text, atoms=()):
    """Split `text` into words (longest match from WORDS), single characters
    otherwise; spans in `atoms` ((start, end) pairs: names, 〔…〕) are one token."""
    atom_at = {start: end for start, end in atoms}
    out, i = [], 0
    while i < len(text):
        if i in atom_at:
            out.append((i, atom_at[i]))
            i = atom_at[i]
            continue
        for size in range(min(MAX_WORD, len(text) - i), 1, -1):
            if text[i : i + size] in WORDS and not any(s < i + size <= e or s <= i < e for s, e in atoms if s != i):
                out.append((i, i + size))
                i += size
                break
        else:
            j = i + 1
            while j < len(text) and text[j].isascii() and text[j].isalnum() and text[i].isascii() and text[i].isalnum():
                j += 1  # a number is one token
            out.append((i, j))
            i = j
    return out


def _bracket_atoms(text):
    """〔…〕 and “…” spans: kept on one line where possible."""
    atoms, stack = [], []
    for i, c in enumerate(text):
        if c in "〔“":
            stack.append(i)
        elif c in "〕”" and stack:
            atoms.append((stack.pop(), i + 1))
    return [a for a in atoms if not any(o != a and o[0] <= a[0] and a[1] <= o[1] for o in atoms)]


def _candidates(text, atoms):
    """{position: cost} of every place a line may break."""
    spans = tokens(text, atoms)
    found = {}
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end == start
        if text[end] in NO_LINE_START or text[end - 1] in NO_LINE_END:
            continue
        cost = 0.0
        if text[end - 1] in AFTER or text.startswith(BEFORE, end):
            cost -= 1.5
        before, after = text[end - 1], text[end]
        # Two single characters not in the list: perhaps a word we do not know.
        left = next(s for s in spans if s[1] == end)
        right = next(s for s in spans if s[0] == end)
        if (
            left[1] - left[0] == 1
            and right[1] - right[0] == 1
            and before not in AFTER
            and not text.startswith(BEFORE, end)
            and "\u4e00" <= before <= "\u9fff"
            and "\u4e00" <= after <= "\u9fff"
        ):
            cost += 4
        found[end] = cost
    return found


def break_title(text, atoms=()):
    """The positions (in `text`, BREAK_HINT removed by the caller's mapping)
    where a title breaks into balanced lines: [] when it fits one line.
    `atoms`: (start, end) spans never broken (variable values)."""
    hints = [i for i, c in enumerate(text) if c == BREAK_HINT]
    plain = text.replace(BREAK_HINT, "")
    if width(plain) <= TITLE_CHARS:
        return []
    if hints:  # declared breaks: positions in the text without the hints
        allowed = {h - n: -3.0 for n, h in enumerate(hints)}
    else:
        allowed = _candidates(plain, list(atoms) + _bracket_atoms(plain))
    lines = math.ceil(width(plain) / TITLE_CHARS)
    best = None
    for count in (lines, lines + 1):
        best = _best(plain, allowed, count) or best
        if best:
            break
    return best[1] if best else []


def _best(text, allowed, count):
    """(cost, positions) of the best split into `count` lines, each fitting."""
    ideal = width(text) / count
    positions = sorted(allowed)
    best = None

    def walk(start, chosen, cost):
        nonlocal best
        if len(chosen) == count - 1:
            last = width(text[start:])
            if last > TITLE_CHARS:
                return
            total = cost + abs(last - ideal)
            if best is None or total < best[0]:
                best = (total, list(chosen))
            return
        for p in positions:
            if p <= start:
                continue
            line = width(text[start:p])
            if line > TITLE_CHARS:
                break
            walk(p, chosen + [p], cost + abs(line - ideal) + allowed[p])

    walk(0, [], 0.0)
    return best


def breaks_inside_word(title, breaks):
    """The words of the list that the break positions cut, e.g. ["通知"]."""
    cut = []
    for start, end in tokens(title):
        if end - start > 1 and any(start < b < end for b in breaks):
            cut.append(title[start:end])
    return cut
