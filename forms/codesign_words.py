"""The words for a workshop's groups, vote methods, choices, rules and signals: one home for each, read by
the workshop service, the studio's pages and the exported decision log alike (docs/codesign.md).

It sits in `forms/`, the bottom layer, because the exporter shows these words and must not import
`workshops`. Each table has every id of its vocabulary; tests check that against the rules in
`workshops/voting.py`.
"""

from __future__ import annotations

# A group by itself, as a label: "Expert by experience: 3 joined".
CONSTITUENCY_NAMES = {"practitioner": "Practitioner", "expert_by_experience": "Expert by experience",
                      "manager": "Manager", "business_support": "Business support", "vendor": "Vendor",
                      "other": "Other"}
# The members of a group, mid-sentence: "only 2 experts by experience voted".
CONSTITUENCY_PLURALS = {"practitioner": "practitioners", "expert_by_experience": "experts by experience",
                        "manager": "managers", "business_support": "business support", "vendor": "vendors",
                        "other": "others"}
# One member of a group, as a record names someone who did not agree to be named.
SOMEONE = {"practitioner": "a practitioner", "expert_by_experience": "an expert by experience",
           "manager": "a manager", "business_support": "a member of business support staff", "vendor": "a vendor",
           "other": "a participant"}

# How people vote, as a choice to pick, and mid-sentence ("People now vote by ...").
METHOD_NAMES = {"support": "Support, neutral or oppose", "consent": "Consent: agree, can live with it, or object",
                "dots": "Dots: spread a budget of dots"}
METHOD_WORDS = {"support": "support, neutral or oppose", "consent": "consent (agree, can live with it, or object)",
                "dots": "dots"}
CHOICE_NAMES = {"support": "Support", "neutral": "Neutral", "oppose": "Oppose", "agree": "Agree",
                "can_live_with": "Can live with it", "object": "Object", "dots": "Dots"}

# How a proposal is decided, as a choice or a heading, and mid-sentence ("the double majority rule").
RULE_NAMES = {
    "majority": "Majority: more support than opposition among the votes cast",
    "double_majority": "Double majority: a majority overall and among experts by experience",
    "consent": "Consent: no unresolved objection",
}
RULE_WORDS = {"majority": "majority", "double_majority": "double majority", "consent": "consent"}

# Signals beside the tally, never counted (docs/codesign.md decision 10).
SIGNAL_NAMES = {"feasibility": "Feasibility (vendor)", "legal": "Legal or policy concern (manager)"}
SIGNAL_VALUE_NAMES = {"easy": "Easy", "needs_work": "Needs work", "not_possible": "Not possible",
                      "concern": "Concern", "no_concern": "No concern"}
