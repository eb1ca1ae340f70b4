"""`new`: write a valid, commented scenario to start from.

    python main.py new parcel_fee                              # a scam, in CN, as parcel_fee.yaml here
    python main.py new parcel_notice --kind legit --region GB  # a genuine look-alike
    python main.py new my_scam --category fake_loan --dir scenarios/

The file plays as written (validate, lint, playtest and play all work on it at once), in English
and Chinese, and its comments teach each part of the format (docs/scenario-format.md): the cast
and Faker fields, variables that are money, messages with red flags and their `why:`/`instead:`,
choices, a timeout, endings and their outcomes, debriefs, dated sources and the difficulty rubric.
Its first line points editors at schema/scenario.schema.json for completion and checking.
A `legit` file names the scam it resembles and carries no red flags.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TextIO

import yaml

from game.scenario import CATALOG_NAME, load_catalog

from game.locale import default_lang

from .language import say
from .schema import SCENARIO_SCHEMA, SCHEMA_DIR

ID_RULE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
DEFAULT_CATEGORY = {"scam": "fake_customer_service", "legit": "customer_service"}
DEFAULT_REGION = "CN"
#: Amounts that read naturally in each region's money (a scaffold plays in one region).
FEES = {
    "CN": ("{between: [2000, 5000], step: 500}", "{between: [6000, 9000], step: 1000}"),
    "US": ("{between: [300, 600], step: 50}", "{between: [700, 1200], step: 100}"),
    "GB": ("{between: [250, 500], step: 50}", "{between: [600, 1000], step: 100}"),
}
FALLBACK_FEES = ("{between: [200, 500], step: 50}", "{between: [600, 1000], step: 100}")
#: Names people write for a region, beside its code (a "did you mean" by spelling would offer US for UK).
REGION_ALIASES = {"UK": "GB", "EN": "GB", "ENG": "GB", "USA": "US", "AM": "US", "CHN": "CN", "ZH": "CN", "PRC": "CN"}
_TOP = re.compile(r"^(kind|category|resembles):\s*([a-z][a-z0-9_]*)", re.MULTILINE)


class UsageProblem(Exception):
    """An ID, category or region that cannot be used (exit status 2); the message says why."""


@dataclass(frozen=True)
class Library:
    """What the shipped scenarios use: the categories of each kind, what each look-alike
    category resembles, and a file of each category (for its sources)."""

    scam: dict[str, Path]
    legit: dict[str, tuple[str, Path]]      # legit category → (the scam category it resembles, a file)
    ids: frozenset[str]

    @classmethod
    def read(cls, folder: Path) -> "Library":
        scam: dict[str, Path] = {}
        legit: dict[str, tuple[str, Path]] = {}
        ids = set()
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            if path.name == CATALOG_NAME:
                continue
            try:
                head = dict(_TOP.findall(path.read_text(encoding="utf-8", errors="replace")[:4000]))
            except OSError:
                continue
            if head.get("kind") == "scam" and "category" in head:
                scam.setdefault(head["category"], path)
            elif head.get("kind") == "legit" and "category" in head:
                legit.setdefault(head["category"], (head.get("resembles", ""), path))
            ids.add(path.stem)
        return cls(scam, legit, frozenset(ids))


@dataclass(frozen=True)
class Plan:
    """What the new file will say at the top."""

    scenario_id: str
    kind: str
    category: str
    resembles: str | None
    region: str
    sources_from: Path | None


def plan(scenario_id: str, kind: str, category: str | None, region: str | None, library: Library,
         regions: tuple[str, ...], lang: str = "en") -> Plan:
    """Check the ID, category and region; UsageProblem (with a "did you mean") if one is wrong."""
    if not ID_RULE.match(scenario_id):
        fixed = re.sub(r"[^a-z0-9_]+", "_", scenario_id.strip().lower()).strip("_")
        fixed = fixed if fixed and fixed[0].isalpha() else f"s_{fixed}".rstrip("_")
        raise UsageProblem(say(lang, "new.bad_id", id=scenario_id, suggestion=fixed[:64]))
    code = (region or DEFAULT_REGION).upper()
    if code not in regions:
        alias = REGION_ALIASES.get(code)
        raise UsageProblem(_unknown(lang, "new.unknown_region", region or "", list(regions),
                                    alias if alias in regions else None, match=code))
    wanted = category or DEFAULT_CATEGORY[kind]
    if kind == "scam":
        if wanted not in library.scam:
            # A new kind of con is welcome (the format takes any category); a near miss is a typo.
            near = difflib.get_close_matches(wanted, sorted(library.scam), n=1, cutoff=0.8)
            if near or not ID_RULE.match(wanted):
                raise UsageProblem(_unknown(lang, "new.unknown_category", wanted, sorted(library.scam)))
            return Plan(scenario_id, kind, wanted, None, code, None)
        return Plan(scenario_id, kind, wanted, None, code, library.scam[wanted])
    if wanted in library.legit:                 # a look-alike category: it resembles what its scenario does
        resembles, path = library.legit[wanted]
        return Plan(scenario_id, kind, wanted, resembles or None, code, path)
    if wanted in library.scam:                  # a scam category: the look-alike of that scam
        existing = [name for name, (resembles, _) in library.legit.items() if resembles == wanted]
        own = existing[0] if existing else f"{wanted}_genuine"
        return Plan(scenario_id, kind, own, wanted, code, library.scam[wanted])
    raise UsageProblem(_unknown(lang, "new.unknown_category", wanted, sorted({*library.legit, *library.scam})))


def _unknown(lang: str, key: str, value: str, choices: list[str], known: str | None = None,
             match: str | None = None) -> str:
    close = [known] if known else difflib.get_close_matches(match or value, choices, n=1, cutoff=0.6)
    text = say(lang, key, value=value, choices=", ".join(choices))
    return text + (" " + say(lang, "new.did_you_mean", suggestion=close[0]) if close else "")


def render(plan: Plan, schema_ref: str) -> str:
    """The new file's text."""
    template = SCAM if plan.kind == "scam" else LEGIT
    fee, second_fee = FEES.get(plan.region, FALLBACK_FEES)
    sources = _sources(plan.sources_from)
    values = {
        "id": plan.scenario_id,
        "file": f"{plan.scenario_id}.yaml",
        "category": plan.category,
        "resembles": plan.resembles or "",
        "region": plan.region,
        "fee": fee,
        "second_fee": second_fee,
        "title_en": plan.scenario_id.replace("_", " ").capitalize(),
        "sources": "\n".join(f"  - {_quoted(source)}" for source in sources),
        "sources_note": (f"# The sources of {plan.sources_from.stem}, a shipped scenario of this kind: replace them "
                         "with the ones your story rests on."
                         if plan.sources_from is not None else "# Replace this with the guidance your story rests on."),
    }
    return f"# yaml-language-server: $schema={schema_ref}\n" + Template(template).substitute(values)


def _sources(path: Path | None) -> list[str]:
    found: list[str] = []
    if path is not None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            found = [s for s in data.get("sources", []) if isinstance(s, str)][:3] if isinstance(data, dict) else []
        except (OSError, yaml.YAMLError):
            found = []
    return found or ["Ministry of Public Security (China): ten high-incidence fraud types, 2023"]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def schema_reference(folder: Path) -> str:
    """The path from `folder` to the project's scenario schema (what editors read)."""
    target = SCHEMA_DIR / SCENARIO_SCHEMA
    try:
        return Path(os.path.relpath(target, folder.resolve())).as_posix()
    except ValueError:                          # another drive (Windows): an absolute file address
        return target.as_uri()


def main_new(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    lang = getattr(args, "lang", None) or default_lang()
    from game.content import base_catalog_path

    regions = tuple(sorted(load_catalog(base_catalog_path(getattr(args, "catalog", None), folder)).regions))
    library = Library.read(folder)
    if not library.scam:                        # a --scenarios folder of the author's own: the game's categories
        from game.content import game_scenarios

        library = Library.read(game_scenarios())
    try:
        chosen = plan(args.scenario_id, args.kind, args.category, args.region, library, regions, lang)
    except UsageProblem as exc:
        print(f"error: {exc}", file=out)
        return 2
    where = args.dir or Path(".")
    path = where / f"{chosen.scenario_id}.yaml"
    if path.exists() and not args.force:
        print(say(lang, "new.exists", path=path), file=out)
        return 1
    from game.storage import write_text_atomic

    write_text_atomic(path, render(chosen, schema_reference(where)))
    path.chmod(0o644)
    print(say(lang, "new.wrote", path=path, kind=say(lang, f"new.kind.{chosen.kind}"), category=chosen.category, region=chosen.region),
          file=out)
    if chosen.kind == "scam" and chosen.category not in library.scam:
        print(say(lang, "new.new_category", category=chosen.category), file=out)
    print(say(lang, "new.next", path=path), file=out)
    return 0


# -- the files ---------------------------------------------------------------------------------------
# Placeholders of the Template are $name / ${name}; `{...}` is the scenario format's own.

SCAM = """\
# ${id}: a new scam scenario, written by `python main.py new`. It is valid and plays as it is: replace
# the story with yours one part at a time, and check as you go:
#   python main.py validate ${file}    every problem, with its line and a hint
#   python main.py lint ${file}        what it teaches: flags, money, sources, difficulty
#   python main.py graph ${file}       the steps and endings as a diagram
#   python main.py playtest ${file}    a bot plays it many times
# The format is in docs/scenario-format.md. These comments are yours to keep or delete.
# Say here what the story is, and where its facts come from.
format: 2
id: ${id}   # the same as the file name
version: 1                 # raise it when you change a scenario people have played
kind: scam
category: ${category}   # the kind of con (the categories in use are listed in scenarios/README.md)
regions: [${region}]   # where the story fits: CN, US, GB; names, money and help lines follow the region
# The difficulty follows docs/difficulty.md: the red flags in the opening (the start and the steps after it
# along the choices not marked safe, three steps) give the first number; the premise (low, medium or high:
# how well the story fits what the player is doing) is yours to judge. `lint` checks the two agree.
difficulty: 1   # cues: 5 red flags in the opening → 1; premise: medium (2), an account many people have
title: {en: "${title_en}", zh: "新的诈骗场景"}
summary:
  en: "A text says your account will be frozen tonight unless you act. Is it real?"
  zh: "一条短信说你的账户今晚就要被冻结，除非马上处理。这是真的吗？"
${sources_note}
# Each source says who published it, what, and when (a year at least).
sources:
${sources}
starts_at: "19:30"         # the time of day the story begins

# The people and organisations. `role` is never shown. Every other key is a field you can write in a
# text as {member.field}: a Faker kind (name, first_name, last_name, phone_number, company, city, email,
# user_name, job, bank, domain, odd_domain, card_tail, overseas_phone) filled from the region, a fixed
# text in every language, or {pick: [...]} of texts. Faker's `bank` gives real bank names: fine for where
# money lands; for a bank that plays a part in the story, invent a name.
cast:
  agent:
    role: scammer
    name: name
    phone: phone_number
  official:                # the brand the scammer borrows; it is innocent, and its own app tells the truth
    role: genuine
    name:
      pick:
        - {en: "Brightway Mall", zh: "明途商城"}
        - {en: "Northstar Pay", zh: "北辰支付"}
  mule:                    # the person whose account receives the money
    role: accomplice
    name: name
    bank: bank
    card: card_tail

# Variables vary with the seed. A number the story pays, asks for or loses is money: {fee} shows in the
# region's currency ("¥3,000", "$$400", "£350"). Never type an amount or a currency sign into a text.
# To play in several regions, give money one value per region:
#   fee: {by_region: {CN: 3000, US: 400, GB: 350}}
vars:
  fee: ${fee}
  second_fee: ${second_fee}

start: contact
steps:

  # --- The first contact ----------------------------------------------------------------------------
  contact:
    channel: sms             # search_ad, chat, sms, call, web, app, bank_transfer, email, in_person
    thread: scam_sms         # steps with the same thread appear in one conversation
    with: agent              # who the conversation is with
    messages:
      - id: ct_setting       # unique in the scenario
        from: narrator       # narrator sets the scene; player is the player's own words
        text:
          en: "Thursday evening. A text arrives from a number you don't know."
          zh: "周四晚上，一个陌生号码发来一条短信。"
      - id: ct_alert
        from: agent
        text:
          en: "{official.name}: your account has been flagged for unusual activity and will be frozen tonight. Reply YES and an agent will help you keep it."
          zh: "【{official.name}】您的账户存在异常，将于今晚冻结。回复“是”，客服将协助您解除。"
        flags: [unsolicited_contact, urgency_deadline]   # red flags from scenarios/red_flags.yaml
        why:                 # optional: why each flag is one on this message (else the catalogue's words)
          unsolicited_contact:
            en: "You did nothing to start this: the text came to you, from a number you don't know, in the name of a firm you use."
            zh: "你什么都没做，短信就找上门来：一个陌生号码，却打着你常用平台的名义。"
          urgency_deadline:
            en: "\\"Tonight\\" leaves no time to check. A real firm gives you time, and sends you to its own app."
            zh: "“今晚”就冻结，就是不给你核实的时间。真正的平台会给你时间，并让你去它自己的App里查看。"
        instead:             # optional: what to do here (else the catalogue's safe response)
          urgency_deadline:
            en: "Take your time: open the firm's own app yourself and look for the notice there."
            zh: "别急，自己打开平台的官方App，看看里面有没有这条通知。"
    choices:                 # appear once every message has arrived
      - id: reply_yes        # unique within the step
        text: {en: "Reply YES", zh: "回复“是”"}
        to: demand           # a step or an ending
      - id: check_app
        text: {en: "Check in {official.name}'s own app", zh: "自己打开{official.name}官方App查看"}
        to: official_check
        safe: true           # marks what careful people really do: check through a channel they choose
      - id: report_text
        text: {en: "Forward it to {region.spam_report} and delete it", zh: "转发到{region.spam_report}举报，然后删除"}
        to: end_safe_reported
        safe: true
    timeout:                 # what happens if the player waits: seconds, or "45s", "30m", "3h", "2d"
      after: "30m"
      to: demand
      note:
        en: "You leave it. Half an hour later, someone writes to you in a chat app."
        zh: "你没理会。半小时后，有人在聊天软件上找到了你。"

  # --- The demand for money -------------------------------------------------------------------------
  demand:
    channel: chat
    gap: "2m"                # game time before this step
    thread: agent_chat
    with: agent
    messages:
      - id: dm_hello
        from: agent
        text:
          en: "Hello, I'm {agent.name} from {official.name}'s security team. To unfreeze your account, a refundable verification fee of {fee} is needed."
          zh: "您好，我是{official.name}安全中心的{agent.name}。解除冻结需要先缴纳一笔可退还的验证费{fee}。"
        flags: [upfront_fee]
      - id: dm_pay
        from: agent
        text:
          en: "Please transfer it to our officer {mule.name} at {mule.bank}, card ending {mule.card}. It comes back within the hour."
          zh: "请转到我们专员{mule.name}的{mule.bank}账户，卡号尾号{mule.card}，一小时内原路退回。"
        flags: [personal_payee_account]
        payment: {amount: fee, to: mule}   # asks for money: how much, and who receives it (shown on the transfer screen)
    choices:
      - id: pay_fee
        text: {en: "Send the {fee}", zh: "转{fee}过去"}
        to: second_demand
        effects: {pay: fee}  # the player pays; also set, add, receive, give (see the format)
      - id: check_app_now
        text: {en: "Stop, and check in {official.name}'s own app first", zh: "先停下，自己打开{official.name}官方App核实"}
        to: official_check
        safe: true

  second_demand:
    channel: chat
    gap: "10m"
    thread: agent_chat
    with: agent
    messages:
      - id: sd_more
        from: agent
        text:
          en: "The system still shows a risk on your account. One more security deposit of {second_fee} and everything is refunded together."
          zh: "系统显示您的账户仍有风险，需要再缴纳一笔保证金{second_fee}，之后会一并退还。"
        flags: [escalating_fees]
        payment: {amount: second_fee, to: mule}
    choices:
      - id: pay_again
        text: {en: "Send the {second_fee} too", zh: "再转{second_fee}"}
        to: end_scammed
        effects: {pay: second_fee}
      - id: stop_and_call
        text: {en: "Stop, and call my bank on {region.bank_line}", zh: "停下，拨打{region.bank_line}联系银行"}
        to: end_partial_stopped
        safe: true

  # --- The check the player chose -------------------------------------------------------------------
  official_check:
    channel: app
    gap: "5m"
    with: official
    messages:
      - id: oc_open
        from: narrator
        text:
          en: "You open {official.name}'s app yourself, not through anything in the text."
          zh: "你没用短信里的任何东西，自己打开了{official.name}的官方App。"
      - id: oc_status
        from: official
        text:
          en: "Account status: normal. No action needed."
          zh: "账户状态：正常，无需任何操作。"
        note:                # a message with no red flag: why it is fine (shown if the player flags it)
          en: "The answer comes from the app you opened yourself: the account was never at risk."
          zh: "这个结果来自你自己打开的官方App：账户根本没有风险。"
      - id: oc_notice
        from: official
        look: notice         # on web and app pages: permission, button, field, link, notice
        text:
          en: "We never ask you to pay a fee to unfreeze an account."
          zh: "我们绝不会要求您缴费解冻账户。"
        note:
          en: "A plain notice in the real app, asking nothing of you."
          zh: "这是官方App里的普通提示，不要求你做任何事。"
    choices:
      - id: report_after_check
        text: {en: "Report the text to {region.report_online}", zh: "向{region.report_online}举报这条短信"}
        to: end_safe_checked
        safe: true

# Endings: outcome safe (money and data kept), partial (stopped, after a loss or a risky step),
# scammed (the con worked); overcautious is for legit scenarios only. The debrief says what happened and
# the real-world pattern; the game adds every red flag, caught or missed, and the region's help lines.
# An ending may also cite one statistic: fact: ID from scenarios/facts.yaml.
endings:
  end_safe_checked:
    outcome: safe
    title: {en: "You checked it yourself", zh: "你自己核实了"}   # optional
    debrief:
      en: "You left the text alone and opened the app yourself. Your account was fine. Texts like this go out to many people at once, in the name of firms they use, with a deadline so that nobody stops to check. Reporting it helps others."
      zh: "你没理会短信，而是自己打开了官方App，账户一切正常。这类短信会同时群发给很多人，冒用大家常用的平台名义，再加上期限，让人来不及核实。举报它能帮到别人。"
  end_safe_reported:
    outcome: safe
    title: {en: "You reported it without replying", zh: "你没回复，直接举报了"}
    debrief:
      en: "You didn't reply, and you reported the text. A firm that really needs you to act tells you in its own app, and never asks for a fee to keep your account."
      zh: "你没有回复，还举报了这条短信。平台真有事需要你处理，会在它自己的App里通知你，也绝不会要你交钱来保住账户。"
  end_partial_stopped:
    outcome: partial
    title: {en: "You stopped after the first payment", zh: "你在第一笔转账后停下了"}
    debrief:         # {paid}: what the player paid, in the region's money
      en: "You lost {paid}, but you stopped when a second fee appeared. Call your bank at once to report the transfer: the sooner, the better the chance of stopping it. A \\"refundable fee\\" to unfreeze an account is never refunded."
      zh: "你损失了{paid}，但在第二笔费用出现时停了下来。请马上联系银行报告这笔转账，越早越有机会拦截。所谓“可退还的解冻费”，从来不会退。"
  end_scammed:
    outcome: scammed     # loss: default is everything paid
    title: {en: "Two fees, no refund", zh: "交了两笔钱，一分没退"}
    debrief:
      en: "You lost {paid}. Each payment was followed by a new reason to pay again, and the money went to a private person's card, not to the firm. Call your bank now and report it to {region.police_report}."
      zh: "你损失了{paid}。每付一次钱，就冒出一个新理由让你再付，钱也都进了个人账户，而不是平台的账户。请马上联系银行，并向{region.police_report}报案。"
"""

LEGIT = """\
# ${id}: a new genuine look-alike, written by `python main.py new`: a real contact that resembles the
# scam named under `resembles`. It is valid and plays as it is: replace the story with yours one part at a
# time, and check as you go:
#   python main.py validate ${file}    every problem, with its line and a hint
#   python main.py lint ${file}        what it teaches: notes, sources, difficulty
#   python main.py graph ${file}       the steps and endings as a diagram
#   python main.py playtest ${file}    a bot plays it many times
# The format is in docs/scenario-format.md. These comments are yours to keep or delete.
# A look-alike carries no red flags (a scam's messages have `flags:`, with `why:` and `instead:` for each):
# its messages have a `note` saying why each is fine. The right play is to check through a channel the
# player chooses, then go on.
format: 2
id: ${id}   # the same as the file name
version: 1                 # raise it when you change a scenario people have played
kind: legit
category: ${category}   # the kind of genuine contact
resembles: ${resembles}   # the category of the scam it looks like
regions: [${region}]   # where the story fits: CN, US, GB; names, money and help lines follow the region
# The difficulty follows docs/difficulty.md: for a look-alike, the flag-free messages with a `note` in the
# opening (the start and the steps after it along the choices not marked safe, three steps) give the first
# number; the premise (low, medium or high) is yours to judge. `lint` checks the two agree.
difficulty: 2   # look-alike cues: 4 notes in the opening → 2; premise: medium (2), an app many people use
title: {en: "${title_en}", zh: "新的真实场景"}
summary:
  en: "A text says someone signed in to your account from a new device. After all the scam stories, is this one real?"
  zh: "一条短信说你的账户在新设备上登录了。听了那么多诈骗故事，这条是真的吗？"
${sources_note}
# Each source says who published it, what, and when (a year at least).
sources:
${sources}
starts_at: "10:15"         # the time of day the story begins

# The people and organisations. `role` is never shown. Every other key is a field you can write in a
# text as {member.field}: a Faker kind (name, first_name, last_name, phone_number, company, city, email,
# user_name, job, bank, domain, odd_domain, card_tail, overseas_phone) filled from the region, a fixed
# text in every language, or {pick: [...]} of texts. Faker's `bank` gives real bank names.
cast:
  service:
    role: genuine
    name:
      pick:
        - {en: "Brightway Mall", zh: "明途商城"}
        - {en: "Northstar Pay", zh: "北辰支付"}
    phone: phone_number
  agent:
    role: genuine
    name: {en: "Security team", zh: "安全中心"}
    given: first_name

# Variables vary with the seed. A number the story pays, asks for or loses is money: {fee} shows in the
# region's currency. This story needs none; a look-alike that asks for a real payment would have, e.g.:
#   vars:
#     bill: {between: [100, 300], step: 10}
#   money: [bill]            # money only shown in text, never paid in the story

start: alert
steps:

  # --- The alert ------------------------------------------------------------------------------------
  alert:
    channel: sms             # search_ad, chat, sms, call, web, app, bank_transfer, email, in_person
    thread: service_sms      # steps with the same thread appear in one conversation
    with: service            # who the conversation is with
    messages:
      - id: al_setting       # unique in the scenario
        from: narrator       # narrator sets the scene; player is the player's own words
        text:
          en: "Sunday morning. A text arrives in the name of a shopping app you use."
          zh: "周日上午，一条短信发来，署名是你常用的购物App。"
      - id: al_notice
        from: service
        text:
          en: "{service.name}: a new device signed in to your account last night. If this wasn't you, open the {service.name} app and go to Security."
          zh: "【{service.name}】您的账户昨晚在新设备上登录。如非本人操作，请打开{service.name}App，进入“安全中心”处理。"
        note:                # why this message is fine (shown if the player flags it)
          en: "It names a service you use and sounds urgent, but it asks for nothing: no link, no code, no payment. It sends you to the app you already have."
          zh: "它提到你常用的平台，语气也急，但什么都没要：没有链接，不要验证码，也不要钱，只让你去自己已经装好的App里查看。"
      - id: al_number
        from: service
        text:
          en: "Questions? Call us on {service.phone}."
          zh: "如有疑问，请致电{service.phone}。"
        note:
          en: "Real notices print a number; so would a fake one. Check a number in the app before you rely on it."
          zh: "真的通知会印电话号码，假的也会。用之前，先在App里核对一下号码。"
    choices:                 # appear once every message has arrived
      - id: open_app         # unique within the step
        text: {en: "Open the {service.name} app myself", zh: "自己打开{service.name}App"}
        to: app_check        # a step or an ending
        safe: true           # marks what careful people really do: check through a channel they choose
      - id: call_number
        text: {en: "Call the number in the text", zh: "拨打短信里的电话"}
        to: number_call
      - id: delete_it
        text: {en: "It's a scam. Delete it", zh: "是诈骗，删掉"}
        to: end_partial_ignored
    timeout:                 # what happens if the player waits: seconds, or "45s", "30m", "3h", "2d"
      after: "3h"
      to: end_partial_ignored
      note:
        en: "You put it off, and the day gets busy."
        zh: "你想着晚点再说，结果一忙就忘了。"

  # --- The number in the text -----------------------------------------------------------------------
  number_call:
    channel: call
    gap: "1m"                # game time before this step
    with: agent
    messages:
      - id: nc_greet
        from: agent
        text:
          en: "{service.name} security, this is {agent.given}. Yes, I can see a sign-in from a new device."
          zh: "这里是{service.name}安全中心，我是{agent.given}。是的，我能看到一次新设备登录。"
        note:
          en: "It is the real security team this time, but you only know that by luck: a number from a message can connect you to anyone."
          zh: "这次接电话的确实是真的安全中心，但这只是运气好：消息里给的号码，可能接通任何人。"
      - id: nc_offer
        from: agent
        text:
          en: "Sign out that device in the app, under Security, and change your password there. We will never ask you for your password or a code."
          zh: "请在App的“安全中心”里退出那台设备，并在那里修改密码。我们绝不会向您索要密码或验证码。"
        note:
          en: "A genuine team says what it will never ask for, and sends you back to the app."
          zh: "真正的客服会说明哪些东西绝不会问你要，并让你回到App里操作。"
    choices:
      - id: follow_advice
        text: {en: "Do what the agent says, in the app", zh: "按客服说的，在App里操作"}
        to: end_partial_lucky
      - id: hang_up_check
        text: {en: "Hang up and open the app myself", zh: "挂断，自己打开App查看"}
        to: app_check
        safe: true

  # --- The check the player chose -------------------------------------------------------------------
  app_check:
    channel: app
    gap: "2m"
    with: service
    messages:
      - id: ac_open
        from: narrator
        text:
          en: "You open the {service.name} app you already have, not a link."
          zh: "你打开了手机上本来就有的{service.name}App，没有点任何链接。"
      - id: ac_alert
        from: service
        look: notice         # on web and app pages: permission, button, field, link, notice
        text:
          en: "Security: a new sign-in from an unknown device. Was this you?"
          zh: "安全提醒：您的账户在一台陌生设备上登录。是您本人吗？"
        note:
          en: "The same alert is in the app you opened yourself: the text was genuine."
          zh: "你自己打开的App里有同样的提醒：那条短信是真的。"
    choices:
      - id: secure_account
        text: {en: "It wasn't me: sign the device out and change my password", zh: "不是我：退出那台设备并修改密码"}
        to: end_safe
        safe: true
      - id: ignore_anyway
        text: {en: "Do nothing: it could still be a trick", zh: "什么都不做：说不定还是个套"}
        to: end_overcautious

# Endings: outcome safe (verified through a channel the player chose, then went on), partial (nothing
# lost, but a risky step or a real warning ignored), scammed, and overcautious: the player turned the
# contact away after their own check showed it was genuine (a false alarm). Ignoring a genuine alert
# without checking is not over-caution: it is partial. The debrief says what happened and why.
endings:
  end_safe:
    outcome: safe
    title: {en: "You checked, then acted", zh: "你先核实，再处理"}   # optional
    debrief:
      en: "The alert was real, and you handled it the safe way: you opened the app yourself, found the same alert there, and secured your account. What set it apart from a scam was not its tone but that it asked for nothing and sent you to the app you already had."
      zh: "这条提醒是真的，你的处理也很稳妥：自己打开App，看到同样的提醒，然后保护好了账户。它和诈骗的区别不在语气，而在于它什么都没要，只让你去自己已有的App里查看。"
  end_overcautious:
    outcome: overcautious
    title: {en: "The alert was real", zh: "那条提醒是真的"}
    debrief:
      en: "Your own check in the app had already shown the alert was genuine, and someone else may still be signed in to your account. Being wary of texts is right, but once a check you made yourself has worked, act on it."
      zh: "你自己在App里核实过，提醒是真的，可能还有别人登录着你的账户。对短信保持警惕是对的，但自己核实有了结果，就应该照着处理。"
  end_partial_lucky:
    outcome: partial
    title: {en: "Right this time, by luck", zh: "这次没事，全靠运气"}
    debrief:
      en: "The number in the text reached the real team this time, and your account is safe. But a number in a message is exactly how scammers reach people: next time, find the number in the app or on the card yourself."
      zh: "这次短信里的号码确实打到了真正的客服，你的账户也安全了。但骗子正是靠消息里的号码找上人的：下次请在App里或卡片上自己找号码。"
  end_partial_ignored:
    outcome: partial
    title: {en: "A real warning, ignored", zh: "一条真提醒被忽略了"}
    debrief:
      en: "You lost nothing yet, but the alert was genuine: someone may be signed in to your account. A text that asks for nothing and sends you to your own app is worth checking there, in a minute, before you decide."
      zh: "你暂时没有损失，但这条提醒是真的：可能有人登录着你的账户。一条什么都不要、只让你去自己App查看的短信，值得花一分钟去App里看看，再做判断。"
"""
