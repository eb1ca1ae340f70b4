"""Player-facing strings of the program itself (not of scenarios), in every language.

Keys are stable IDs. `Translator.t(key, **params)` fills `{name}` placeholders from `params`
with the same safe renderer scenarios use; a missing key shows as ⟦key⟧.
"""

from __future__ import annotations

from types import MappingProxyType

from game.scenario import headline_key, render

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
    "debrief.times": {"en": "{name} × {count}", "zh": "{name} × {count}"},
    "debrief.again": {"en": "The same again ({count} of {total}): explained above.", "zh": "同样的信号（第{count}次，共{total}次），解释见上文。"},
    "debrief.lowered": {"en": "On the way you handed over: {items}. With that, someone can take your money without asking you again, so this cannot count as safe. Call your bank now on the number on your card.",
                        "zh": "过程中你交出了：{items}。有了这些，别人不用再问你就能把钱转走，所以这次不能算守住了。请马上拨打银行卡背面的电话联系银行。"},
    "debrief.outcome.safe": {"en": "You stayed safe.", "zh": "你守住了。"},
    "debrief.outcome.partial": {"en": "You stopped, but it cost you something.", "zh": "你及时停下了，但有一些损失。"},
    "debrief.outcome.partial_free": {"en": "Nothing was lost, but one step was risky.", "zh": "这次没有损失，但有一步有风险。"},
    "debrief.outcome.scammed": {"en": "This time the scammers got through.", "zh": "这一次骗子得手了。"},
    "debrief.outcome.overcautious": {"en": "This contact was genuine: checking was right, turning it away was not needed.",
                                     "zh": "这次联系是真的：核实没有错，但核实之后不必拒绝。"},
    "debrief.score": {"en": "Score {score}/100 · d′ {d_prime} · criterion c {criterion}", "zh": "得分 {score}/100 · 辨别力 d′ {d_prime} · 判断倾向 c {criterion}"},
    "debrief.counts": {
        "en": ("Messages with red flags: {hits} caught, {misses} missed · fine messages: {false_alarms} flagged "
               "by mistake, {correct_rejections} rightly left alone"),
        "zh": "含危险信号的消息：识破{hits}条，漏掉{misses}条 · 正常消息：误报{false_alarms}条，正确放过{correct_rejections}条",
    },
    "debrief.money": {"en": "Money lost: {money}", "zh": "损失金额：{money}"},
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
    # window: common
    "ui.settings": {"en": "Settings", "zh": "设置"},
    "ui.back": {"en": "Back", "zh": "返回"},
    "ui.colon": {"en": ": ", "zh": "："},
    # title
    "title.tagline": {"en": "Spot the trap before you pay.", "zh": "在付钱之前，识破陷阱。"},
    "title.about": {
        "en": ("Contacts arrive on a simulated phone: ads, chats, texts, calls, apps. Flag the messages that "
               "worry you, name what is wrong, and choose what you do. Some contacts are genuine."),
        "zh": "模拟手机上会陆续收到广告、聊天、短信、来电和App消息。标记让你起疑的消息，说出问题所在，再决定怎么做。其中也有真实正常的联系。",
    },
    "title.start": {"en": "Choose a scenario", "zh": "选择情景"},
    "title.start_here": {"en": "Start here: a two-minute practice run", "zh": "从这里开始：两分钟新手练习"},
    "title.resume": {"en": "Resume: {title}", "zh": "继续：{title}"},
    "title.quit": {"en": "Quit", "zh": "退出"},
    "title.help_lines": {
        "en": "Real help: anti-fraud warning line 96110 · police 110 · the National Anti-Fraud Center app",
        "zh": "真实求助：反诈预警专线96110 · 报警110 · 国家反诈中心App",
    },
    # picker
    "picker.title": {"en": "Choose a scenario", "zh": "选择情景"},
    "picker.difficulty": {"en": "difficulty", "zh": "难度"},
    "picker.played": {"en": "played {played} · best {best}", "zh": "玩过{played}次 · 最高{best}分"},
    "picker.new": {"en": "not played yet", "zh": "还没玩过"},
    "picker.start_here": {"en": "Start here", "zh": "从这里开始"},
    "picker.start_here_group": {"en": "New here? Try this first", "zh": "第一次玩？先试试这个"},
    "picker.invalid": {"en": "Files with problems (run validate to see them all)", "zh": "有问题的文件（运行 validate 查看全部）"},
    "picker.invalid_card": {"en": "cannot be played", "zh": "无法游玩"},
    "category.fake_loan": {"en": "Loans", "zh": "贷款"},
    "category.pig_butchering": {"en": "Online friends and investing", "zh": "网友与投资"},
    "category.fake_investment": {"en": "Investment groups", "zh": "荐股理财"},
    "category.online_gambling": {"en": "Online gambling", "zh": "网络赌博"},
    "category.task_scam": {"en": "Tasks and rebates", "zh": "刷单返利"},
    "category.fake_customer_service": {"en": "Customer service", "zh": "客服来电"},
    "category.authority_impersonation": {"en": "Police and officials", "zh": "公检法来电"},
    "category.fake_credit_repair": {"en": "Credit records", "zh": "征信与校园贷"},
    "category.acquaintance_impersonation": {"en": "Bosses and acquaintances", "zh": "领导与熟人"},
    "category.game_trade": {"en": "Game trades", "zh": "游戏交易"},
    "category.bank_impersonation": {"en": "Banks", "zh": "银行"},
    "category.fake_shopping": {"en": "Shopping", "zh": "网购"},
    "category.tutorial": {"en": "Practice", "zh": "新手练习"},
    # play (window)
    "play.progress": {"en": "Story time", "zh": "故事时间"},
    "play.money": {"en": "Money paid", "zh": "已付出的钱"},
    "play.given_title": {"en": "Data handed over", "zh": "已交出的信息"},
    "play.time_left": {"en": "Time to decide", "zh": "剩余时间"},
    "play.hint": {
        "en": "Click a message (or Tab to it and press F) to flag it. Press 1–9 or click to choose. Esc pauses.",
        "zh": "点击消息（或用Tab选中后按F）进行标记。按1–9或点击按钮做选择。Esc暂停。",
    },
    "play.flags_title": {"en": "Flags you raised ({count})", "zh": "你标记的消息（{count}）"},
    "play.flags_empty": {"en": "None yet. Flag any message that worries you.", "zh": "还没有。觉得哪条消息不对劲，就标记它。"},
    "play.more_flags": {"en": "and {count} more", "zh": "还有{count}条"},
    "play.waiting": {"en": "Messages are arriving…", "zh": "消息陆续到来……"},
    "play.ended": {"en": "The story has ended.", "zh": "故事结束了。"},
    "play.flag_marker": {"en": "flagged", "zh": "已标记"},
    # demo mode (--autoplay)
    "demo.badge": {"en": "DEMO", "zh": "演示"},
    "demo.details": {"en": "seed {seed} · path {path}", "zh": "种子 {seed} · {path}"},
    "demo.path.scam": {"en": "scam", "zh": "受骗路线"},
    "demo.path.safe": {"en": "safe", "zh": "安全路线"},
    "demo.paused": {"en": "Paused · press Space to go on", "zh": "已暂停 · 按空格键继续"},
    "demo.payment_hold": {"en": "Read the payee and the amount · Space to go on", "zh": "看清收款人和金额 · 按空格键继续"},
    "play.sent": {"en": "You sent {money} to {payee}{account}.", "zh": "你向{payee}{account}转了{money}。"},
    "transfer.title": {"en": "Confirm the transfer", "zh": "确认转账"},
    "transfer.payee": {"en": "To", "zh": "收款人"},
    "transfer.bank": {"en": "Bank", "zh": "收款银行"},
    "transfer.card_tail": {"en": "Card ending", "zh": "卡号尾号"},
    "transfer.account": {"en": "Account", "zh": "收款账号"},
    "transfer.amount": {"en": "Amount", "zh": "金额"},
    "transfer.note": {"en": "Check the name and number. A transfer is hard to get back.", "zh": "请核对户名和账号。钱转出后很难追回。"},
    "transfer.cancel": {"en": "Cancel", "zh": "取消"},
    "transfer.confirm": {"en": "Confirm transfer", "zh": "确认转账"},
    "play.time_up": {"en": "Time's up", "zh": "时间到了"},
    "play.time_up_default": {"en": "You didn't answer in time, and the story moved on without you.", "zh": "你没有及时回应，事情在你不作声的时候继续发展了。"},
    "play.time_up_continue": {"en": "See what happens", "zh": "看看接下来"},
    "play.skip_ahead": {"en": "Skip ahead to the next message", "zh": "快进到下一条消息"},
    "play.start_here": {"en": "Start here: click a message on the phone that worries you, then name what is wrong. When the replies appear, choose what you would do.", "zh": "从这里开始：在手机上点一下让你不放心的消息，说出哪里不对。回复选项出现后，选出你会怎么做。"},
    "play.confirm_title": {"en": "Confirm the transfer", "zh": "确认转账"},
    "play.confirm_text": {"en": "Send ¥{amount} to {payee}? A transfer is hard to get back.", "zh": "向{payee}转账¥{amount}？转出的钱很难追回。"},
    "play.confirm_yes": {"en": "Confirm transfer", "zh": "确认转账"},
    "play.confirm_no": {"en": "Cancel", "zh": "取消"},
    "phone.search": {"en": "Search", "zh": "搜索"},
    "phone.call": {"en": "Call", "zh": "通话"},
    "phone.bank": {"en": "Bank", "zh": "银行"},
    "phone.inbox": {"en": "Inbox", "zh": "收件箱"},
    "phone.incoming": {"en": "on the line", "zh": "通话中"},
    "phone.payee": {"en": "To", "zh": "收款人"},
    "phone.account": {"en": "Account", "zh": "账户"},
    "phone.amount": {"en": "Amount", "zh": "金额"},
    "phone.bank_name": {"en": "Bank", "zh": "开户行"},
    "phone.card_tail": {"en": "Card ending {tail}", "zh": "尾号{tail}的银行卡"},
    "phone.transfer_title": {"en": "Transfer", "zh": "转账"},
    "phone.payment_form": {"en": "Payment", "zh": "付款"},
    "phone.transfer_sent": {"en": "Transfer sent", "zh": "已转账"},
    "phone.transfer_to": {"en": "to {payee}", "zh": "收款人：{payee}"},
    "phone.balance": {"en": "Balance", "zh": "余额"},
    "phone.group": {"en": "Group chat", "zh": "群聊"},
    "phone.you": {"en": "You", "zh": "我"},
    "phone.allow": {"en": "Allow", "zh": "允许"},
    "phone.deny": {"en": "Don't allow", "zh": "不允许"},
    "phone.on_call": {"en": "On the line · {time}", "zh": "通话中 · {time}"},
    "phone.call_ended": {"en": "Call ended · {time}", "zh": "通话结束 · {time}"},
    "phone.hang_up": {"en": "Hang up", "zh": "挂断"},
    "phone.hint.hang_up": {
        "en": "Your replies are on the right: choose one to end the call or go on.",
        "zh": "回应在右侧：选一个来挂断或继续通话。",
    },
    "phone.hint.hang_up_wait": {
        "en": "Hear them out first: your replies will appear on the right.",
        "zh": "先听对方说完，回应会出现在右侧。",
    },
    "phone.tab.search_ad": {"en": "Search", "zh": "搜索"},
    "phone.tab.chat": {"en": "Chat", "zh": "聊天"},
    "phone.tab.sms": {"en": "SMS", "zh": "短信"},
    "phone.tab.call": {"en": "Call", "zh": "电话"},
    "phone.tab.web": {"en": "Web", "zh": "网页"},
    "phone.tab.app": {"en": "App", "zh": "App"},
    "phone.tab.bank_transfer": {"en": "Bank", "zh": "银行"},
    "phone.tab.email": {"en": "Email", "zh": "邮件"},
    "flag.title": {"en": "What is wrong with this message?", "zh": "这条消息哪里不对？"},
    "flag.remove": {"en": "Remove the flag", "zh": "取消标记"},
    "flag.cancel": {"en": "Cancel", "zh": "取消"},
    "pause.title": {"en": "Paused", "zh": "已暂停"},
    "pause.text": {"en": "The story waits for you.", "zh": "故事在等你。"},
    "pause.resume": {"en": "Go on", "zh": "继续"},
    "pause.leave": {"en": "Save and leave", "zh": "保存并离开"},
    # settings
    "settings.text_size": {"en": "Text size", "zh": "文字大小"},
    "settings.size_m": {"en": "normal", "zh": "标准"},
    "settings.size_l": {"en": "large", "zh": "大"},
    "settings.size_xl": {"en": "extra large", "zh": "特大"},
    "settings.sound": {"en": "Sound", "zh": "声音"},
    "settings.contrast": {"en": "High contrast", "zh": "高对比度"},
    "settings.motion": {"en": "Reduced motion", "zh": "减少动画"},
    "settings.feedback": {"en": "Feedback on flags", "zh": "标记反馈"},
    "settings.feedback_immediate": {"en": "right away", "zh": "立即显示"},
    "settings.feedback_delayed": {"en": "at the debrief", "zh": "复盘时显示"},
    "settings.feedback_note": {
        "en": "Right away: a short note after each flag. At the debrief: everything at the end.",
        "zh": "立即显示：每次标记后给出简短提示。复盘时显示：结束后统一讲解。",
    },
    "settings.language": {"en": "Language", "zh": "语言"},
    "settings.fullscreen": {"en": "Full screen on/off (F11)", "zh": "全屏开关（F11）"},
    "settings.on": {"en": "on", "zh": "开"},
    "settings.off": {"en": "off", "zh": "关"},
    # debrief (window)
    "debrief.new_people": {"en": "Play again with new people", "zh": "换一批人物再玩"},
    "debrief.same_seed": {"en": "Replay the same game", "zh": "按同一局重玩"},
    "debrief.other": {"en": "Choose another scenario", "zh": "选择其他情景"},
    "debrief.score_line": {"en": "Score {score}/100", "zh": "得分 {score}/100"},
    "debrief.sdt_line": {"en": "Discrimination d′ {d_prime} · tendency c {criterion}", "zh": "辨别力 d′ {d_prime} · 判断倾向 c {criterion}"},
    "debrief.sdt_help": {
        "en": "d′: how well you told warning signs from normal messages. c below 0: quick to suspect; above 0: slow to suspect.",
        "zh": "d′：区分危险信号和正常消息的能力。c小于0：容易起疑；大于0：不易起疑。",
    },
    "debrief.counts_short": {"en": "Caught {hits} · missed {misses} · false alarms {false_alarms}", "zh": "识破{hits} · 漏掉{misses} · 误报{false_alarms}"},
    "debrief.money_lost": {"en": "Money lost: {money}", "zh": "损失：{money}"},
    "debrief.money_kept": {"en": "You kept all your money.", "zh": "你的钱一分没少。"},
    "debrief.timeline": {"en": "What happened, message by message", "zh": "逐条回看"},
    "debrief.mark_caught": {"en": "CAUGHT", "zh": "识破"},
    "debrief.mark_missed": {"en": "MISSED", "zh": "漏掉"},
    "debrief.mark_false_alarm": {"en": "FALSE ALARM: this one was fine", "zh": "误报：这条其实正常"},
    "debrief.mark_fine": {"en": "FINE: rightly left alone", "zh": "正常：你没有误判"},
    "debrief.counts_plain": {
        "en": "You caught {hits} of {signals} messages with red flags; you suspected {false_alarms} of {noise} normal messages.",
        "zh": "含危险信号的消息共{signals}条，你识破了{hits}条；正常消息共{noise}条，你怀疑了其中{false_alarms}条。",
    },
    "debrief.counts_signal_only": {"en": "You caught {hits} of {signals} messages with red flags.",
                                   "zh": "含危险信号的消息共{signals}条，你识破了{hits}条。"},
    "debrief.counts_noise_only": {"en": "There were no red flags here; you suspected {false_alarms} of {noise} normal messages.",
                                  "zh": "这里没有危险信号；正常消息共{noise}条，你怀疑了其中{false_alarms}条。"},
    "debrief.named_plain": {"en": "You named the exact red flag on {named} of them.", "zh": "其中{named}条你准确说出了危险信号。"},
    "debrief.money_paid_safe": {"en": "Nothing lost: the {money} you paid went where it should.",
                                "zh": "没有损失：你付的{money}去了该去的地方。"},
    "debrief.what_mean": {"en": "What do these mean? ›", "zh": "这些数字是什么意思？›"},
    "debrief.what_mean_hide": {"en": "Hide the explanation ↑", "zh": "收起说明 ↑"},
    "debrief.dprime_plain": {
        "en": ("Telling them apart: d′ = {d_prime}. How well you told messages with red flags from normal ones: "
               "0 is guessing, 1 is fair, 2 or more is sharp."),
        "zh": "区分能力 d′ = {d_prime}：你把含危险信号的消息和正常消息分开的本领。0相当于瞎猜，1算尚可，2以上很敏锐。",
    },
    "debrief.criterion_plain": {
        "en": "Your leaning: c = {criterion}. Below 0: quick to suspect; above 0: slow to suspect; near 0: balanced.",
        "zh": "判断倾向 c = {criterion}：小于0表示容易起疑，大于0表示不易起疑，接近0表示比较平衡。",
    },
    "debrief.leaning.suspicious": {"en": "This time you leaned towards suspicion.", "zh": "这一次你偏向怀疑。"},
    "debrief.leaning.trusting": {"en": "This time you leaned towards trust.", "zh": "这一次你偏向相信。"},
    "debrief.leaning.balanced": {"en": "This time you were balanced.", "zh": "这一次你比较平衡。"},
    "debrief.legend.named": {"en": "✓ flagged and named right", "zh": "✓ 标记并说对"},
    "debrief.legend.caught": {"en": "~ flagged, not named right", "zh": "~ 标记了，没说对"},
    "debrief.legend.missed": {"en": "✗ missed", "zh": "✗ 漏掉"},
    "debrief.legend.hit": {"en": "caught", "zh": "识破"},
    "debrief.legend.miss": {"en": "missed", "zh": "漏掉"},
    "debrief.legend.false_alarm": {"en": "flagged, but fine", "zh": "误报"},
    "debrief.legend.fine": {"en": "fine, left alone", "zh": "正常，未标记"},
    "debrief.trusted_why": {"en": "Why it could be trusted: {text}", "zh": "为什么可以相信：{text}"},
    "debrief.trusted_title": {"en": "Messages you rightly trusted, and why:", "zh": "你正确信任的消息，以及为什么可以相信："},
    "debrief.changed": {"en": "Scored: your first flag ({first}); you later changed it to {final}.",
                        "zh": "计分按你第一次的标记（{first}）；之后你改成了{final}。"},
    "debrief.no_flag": {"en": "no flag", "zh": "不标记"},
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


#: Currency symbols by ISO 4217 code. A region (coming with the content work) names its currency;
#: until then every scenario is in yuan.
_SYMBOLS = {"CNY": "¥", "USD": "$", "GBP": "£", "EUR": "€", "HKD": "HK$", "TWD": "NT$", "SGD": "S$",
            "AUD": "A$", "CAD": "C$"}


def format_money(amount: int, currency: str = "CNY", lang: str = "en") -> str:
    """`format_money(3000, "CNY")` → "¥3,000"; an unknown code is written out: "3,000 XYZ"."""
    symbol = _SYMBOLS.get(currency)
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,}" if symbol else f"{sign}{abs(amount):,} {currency}"


def outcome_key(outcome: str, loss: int) -> str:
    """The debrief headline for an outcome: a partial ending that cost nothing reads differently."""
    return headline_key(outcome, loss)


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, key: str, **params: object) -> str:
        entry = STRINGS.get(key)
        if entry is None:
            return f"⟦{key}⟧"
        text = entry.get(self.lang) or entry["en"]
        return render(text, {k: str(v) for k, v in params.items()}) if params else text
