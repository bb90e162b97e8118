"""Account states for the sample generator (samples/synth.py): every 账户状态 each family may print
(spec §4.2), what the generator means each to ask of the person (synth._Builder.meant), and the
report kinds that use them: ``statuses`` (every state of every family) and ``varied`` (random).
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import TYPE_CHECKING

from creditgap.model import Account, Family, Status

if TYPE_CHECKING:
    from .synth import _Builder

# Bad records: the 账户状态 printed and the status read. Not closable: the person settles with the
# institution first (creditgap.rules). 司法追偿, 担保物不足, 强制平仓, 以资抵债 are ``other`` (contract
# Additions 2026-12).
BAD_STATES = {"overdue": ("逾期", Status.OVERDUE), "bad_debt": ("呆账", Status.BAD_DEBT),
              "collateral": ("担保物不足", Status.OTHER), "liquidated": ("强制平仓", Status.OTHER),
              "judicial": ("司法追偿", Status.OTHER), "offset": ("以资抵债", Status.OTHER)}
# Open but not usable: frozen or stopped by the institution.
STOP_STATES = {"frozen": ("冻结", Status.FROZEN), "stopped": ("止付", Status.STOPPED),
               "bank_stopped": ("银行止付", Status.STOPPED)}
# The states each family may print (spec §4.2; 以资抵债 is no code of any type there, so only tests use it).
ALLOWED_STATES: dict[Family, tuple[str, ...]] = {
    Family.LOAN: ("open", "zero", "settled", "transferred", "overdue", "bad_debt", "collateral", "liquidated", "judicial"),
    Family.REVOLVING_SUB: ("open", "zero", "settled", "overdue", "bad_debt", "collateral", "judicial"),
    Family.REVOLVING: ("open", "zero", "settled", "overdue", "bad_debt", "bank_stopped", "collateral", "judicial"),
    Family.CREDIT_CARD: ("open", "closed", "inactive", "bad_debt", "frozen", "stopped", "bank_stopped", "judicial"),
    Family.SEMI_CREDIT_CARD: ("open", "closed", "inactive", "bad_debt", "frozen", "stopped", "bank_stopped", "judicial"),
}



def stop_intent(drawn: int | None, card: bool) -> str | None:
    """What a frozen or stopped account asks: close it when nothing is drawn, else repay first."""
    if drawn is None:
        return None
    return "repay_then_close" if drawn > 0 else "cancel_card" if card else "close_credit_line"



def dual_card(b: _Builder, issuer: str, state: str = "open") -> list[Account]:
    """A dual-currency card: its 人民币 and 美元 accounts share one limit, one tail and one opening
    date (spec §7.3); the limit counts once."""
    from .synth import _identifier, _round

    rng = b.rng
    cny = b.card(issuer, state)
    intent = b.intent[id(cny)]
    if cny.card_tail is None:
        cny = replace(cny, card_tail=f"{rng.randint(0, 9999):04d}")
    used = _round(rng, 0, (cny.credit_limit or 0) // 10, 10) if rng.random() < 0.3 and cny.is_open else 0
    usd = replace(cny, currency="USD", account_id=_identifier(rng), used=used if cny.used is not None else None,
                  balance=used if cny.balance is not None else None)
    b.meant(cny, intent)
    if state in STOP_STATES:
        intent = stop_intent(used, card=True)
    b.meant(usd, intent)
    return [cny, usd]



# Lenders whose platform the mapping alone decides (no joint-lending partner, one candidate).
def plain_online() -> list[str]:
    from .synth import JOINT_PAIRS, ONLINE_LENDERS

    return [x for x in ONLINE_LENDERS if x not in {a for pair in JOINT_PAIRS for a in pair[:2]} and x != "五矿国际信托有限公司"]


def every_state(b: _Builder, rng: random.Random) -> list[Account]:
    """One account in each state each family may print (spec §4.2), and a dual-currency card."""
    from .synth import BANKS, CARD_ISSUERS

    online = plain_online()
    acc = [b.recovered("资产处置"), b.recovered("垫款", ended=True)]
    acc += [b.loan(rng.choice(online + BANKS), state=state) for state in ALLOWED_STATES[Family.LOAN]]
    acc += b.revolving_sub(rng.choice(online), list(ALLOWED_STATES[Family.REVOLVING_SUB]))
    acc += [b.revolving(rng.choice(online), state) for state in ALLOWED_STATES[Family.REVOLVING]]
    acc += [b.card(rng.choice(CARD_ISSUERS), state) for state in ALLOWED_STATES[Family.CREDIT_CARD]]
    acc += dual_card(b, rng.choice(CARD_ISSUERS))
    acc += [b.semi_card(rng.choice(BANKS), state) for state in ALLOWED_STATES[Family.SEMI_CREDIT_CARD]]
    return acc


def varied(b: _Builder, rng: random.Random) -> list[Account]:
    """1–8 random accounts over every family and state, dual-currency cards included."""
    from .synth import BANKS, CARD_ISSUERS

    online = plain_online()
    acc: list[Account] = []
    for _ in range(rng.randint(1, 8)):
        family = rng.choice([*ALLOWED_STATES, Family.RECOVERED])
        if family is Family.RECOVERED:
            acc.append(b.recovered(rng.choice(["资产处置", "垫款"]), ended=rng.random() < 0.5))
            continue
        state = rng.choice(ALLOWED_STATES[family])
        if family is Family.LOAN:
            acc.append(b.loan(rng.choice(online + BANKS), state=state))
        elif family is Family.REVOLVING_SUB:
            acc += b.revolving_sub(rng.choice(online), [state, rng.choice(ALLOWED_STATES[family])])
        elif family is Family.REVOLVING:
            acc.append(b.revolving(rng.choice(online), state))
        elif family is Family.CREDIT_CARD:
            dual = rng.random() < 0.25 and state in ("open", "inactive", "frozen", "stopped")
            acc += dual_card(b, rng.choice(CARD_ISSUERS), state) if dual else [b.card(rng.choice(CARD_ISSUERS), state)]
        else:
            acc.append(b.semi_card(rng.choice(BANKS), state))
    return acc
