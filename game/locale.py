"""Player-facing strings of the program itself (not of scenarios), in every language.

Keys are stable IDs. `Translator.t(key, **params)` fills `{name}` placeholders from `params`
with the same safe renderer scenarios use; a missing key shows as ⟦key⟧.
"""

from __future__ import annotations

from types import MappingProxyType

from game.scenario import render

STRINGS = MappingProxyType({
    # channels
    "channel.search_ad": {"en": "Search results", "zh": "搜索结果"},
    "channel.chat": {"en": "Chat", "zh": "聊天"},
    "channel.sms": {"en": "Text messages", "zh": "短信"},
    "channel.call": {"en": "Phone call", "zh": "电话"},
    "channel.web": {"en": "Web page", "zh": "网页"},
    "channel.app": {"en": "App", "zh": "App"},
    "channel.bank_transfer": {"en": "Bank transfer", "zh": "银行转账"},
    "channel.email": {"en": "Email", "zh": "邮件"},
    # terminal play
    "play.day": {"en": "Day {day} · {time}", "zh": "第{day}天 · {time}"},
    "play.you": {"en": "You", "zh": "我"},
    "play.what_now": {"en": "What do you do?", "zh": "你怎么做？"},
    "play.prompt": {"en": "choice, f N to flag, ? for help > ", "zh": "选项编号，f N 标记，? 帮助 > "},
    "play.timer": {"en": "You have {time} (game time) to decide.", "zh": "你有{time}（游戏时间）做决定。"},
    "play.timed_out": {"en": "You waited; time ran out.", "zh": "你没有回应，时间到了。"},
    "play.flagged": {"en": "Flagged message {number}: {name}", "zh": "已标记第{number}条：{name}"},
    "play.name_it": {"en": "Name the red flag? Type f {number} and a letter:", "zh": "能说出是哪种危险信号吗？输入 f {number} 加字母："},
    "play.unflagged": {"en": "Removed the flag from message {number}.", "zh": "已取消第{number}条的标记。"},
    "play.no_such_message": {"en": "There is no message {number} that can be flagged.", "zh": "没有可标记的第{number}条消息。"},
    "play.no_such_choice": {"en": "There is no choice {number}.", "zh": "没有第{number}个选项。"},
    "play.unknown_flag": {"en": "Unknown red flag '{flag}'. Type 'flags' to list them.", "zh": "没有“{flag}”这种危险信号。输入 flags 查看列表。"},
    "play.unknown_command": {"en": "Unknown command. Type ? for help.", "zh": "无法识别的指令。输入 ? 查看帮助。"},
    "play.suspicious": {"en": "just suspicious", "zh": "只是觉得可疑"},
    "play.bye": {"en": "Goodbye. Replay this exact game with --seed {seed}.", "zh": "再见。用 --seed {seed} 可以重玩同一局。"},
    "play.paid": {"en": "Paid so far: ¥{paid}", "zh": "已付款：¥{paid}"},
    "play.given": {"en": "Handed over: {items}", "zh": "已交出：{items}"},
    "play.help": {
        "en": ("Commands:\n"
               "  1, 2, …        take that choice\n"
               "  f N            flag message N as suspicious\n"
               "  f N a          flag message N and name the red flag offered as (a)\n"
               "  f N FLAG_ID    flag message N with a red flag from the catalogue\n"
               "  u N            remove the flag from message N\n"
               "  w              wait and do nothing\n"
               "  l              list the messages again\n"
               "  flags          list every red flag\n"
               "  lang en|zh     switch language\n"
               "  ?              this help\n"
               "  q              quit"),
        "zh": ("指令：\n"
               "  1、2……         选择对应选项\n"
               "  f N            把第N条消息标为可疑\n"
               "  f N a          标记第N条并选择列出的危险信号 (a)\n"
               "  f N 信号ID     用目录中的危险信号标记第N条\n"
               "  u N            取消第N条的标记\n"
               "  w              等待，不做任何事\n"
               "  l              重新列出消息\n"
               "  flags          列出全部危险信号\n"
               "  lang en|zh     切换语言\n"
               "  ?              显示帮助\n"
               "  q              退出"),
    },
    "play.menu_title": {"en": "Choose a scenario:", "zh": "选择一个情景："},
    "play.menu_prompt": {"en": "number (q to quit) > ", "zh": "编号（q 退出）> "},
    "play.difficulty": {"en": "difficulty {stars}", "zh": "难度 {stars}"},
    "play.welcome": {
        "en": "Red Flag · 识破 — spot the trap before you pay. Flag the messages that worry you; choose what you do.",
        "zh": "识破 · Red Flag —— 在付钱之前识破陷阱。标记让你起疑的消息，再决定怎么做。",
    },
    # debrief
    "debrief.title": {"en": "Debrief", "zh": "复盘"},
    "debrief.outcome.safe": {"en": "You stayed safe.", "zh": "你守住了。"},
    "debrief.outcome.partial": {"en": "You stopped, but it cost you something.", "zh": "你及时停下了，但有一些损失。"},
    "debrief.outcome.scammed": {"en": "This time the scammers got through.", "zh": "这一次骗子得手了。"},
    "debrief.outcome.overcautious": {"en": "This contact was genuine: checking was right, turning it away was not needed.",
                                     "zh": "这次联系是真的：核实没有错，但核实之后不必拒绝。"},
    "debrief.score": {"en": "Score {score}/100 · d′ {d_prime} · criterion c {criterion}", "zh": "得分 {score}/100 · 辨别力 d′ {d_prime} · 判断倾向 c {criterion}"},
    "debrief.counts": {
        "en": ("Messages with red flags: {hits} caught, {misses} missed · fine messages: {false_alarms} flagged "
               "by mistake, {correct_rejections} rightly left alone"),
        "zh": "含危险信号的消息：识破{hits}条，漏掉{misses}条 · 正常消息：误报{false_alarms}条，正确放过{correct_rejections}条",
    },
    "debrief.money": {"en": "Money lost: ¥{loss}", "zh": "损失金额：¥{loss}"},
    "debrief.data": {"en": "Data handed over: {items}", "zh": "交出的信息：{items}"},
    "debrief.red_flags": {"en": "Every red flag, in order:", "zh": "所有危险信号，按出现顺序："},
    "debrief.caught_named": {"en": "caught and named", "zh": "识破并说对了"},
    "debrief.caught": {"en": "caught", "zh": "识破"},
    "debrief.missed": {"en": "missed", "zh": "漏掉"},
    "debrief.why": {"en": "Why", "zh": "为什么"},
    "debrief.safe": {"en": "Instead", "zh": "应该"},
    "debrief.false_alarms": {"en": "Messages you flagged that were fine:", "zh": "你标记了、但其实正常的消息："},
    "debrief.takeaway": {"en": "Take this with you: {text}", "zh": "记住这一条：{text}"},
    "debrief.none": {"en": "none", "zh": "无"},
    "debrief.result_written": {"en": "Result written to {path}", "zh": "结果已写入 {path}"},
})


_UNITS = {"en": ((86400, " d"), (3600, " h"), (60, " min"), (1, " s")),
          "zh": ((86400, "天"), (3600, "小时"), (60, "分"), (1, "秒"))}


def format_duration(seconds: float, lang: str) -> str:
    """`86400` → "1 d" / "1天"; `150` → "2 min 30 s" / "2分30秒" (two largest units)."""
    left = max(0, int(seconds + 0.5))
    parts = []
    for size, unit in _UNITS["zh" if lang == "zh" else "en"]:
        if left >= size or (size == 1 and not parts):
            parts.append(f"{left // size}{unit}")
            left %= size
        if len(parts) == 2:
            break
    return ("" if lang == "zh" else " ").join(parts)


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, key: str, **params: object) -> str:
        entry = STRINGS.get(key)
        if entry is None:
            return f"⟦{key}⟧"
        text = entry.get(self.lang) or entry["en"]
        return render(text, {k: str(v) for k, v in params.items()}) if params else text
