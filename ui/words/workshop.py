"""The words of workshops: running one, joining one, results, and what their pages share."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # --- running a workshop (ui/facilitator_page.py) ---
    "facilitator.start_workshop": "Start a workshop",
    "facilitator.how_proposal_decided": "How a proposal is decided",
    "facilitator.quorum_fewest_votes_can": "Quorum: the fewest votes that can decide",
    "facilitator.people_expect_optional": "People you expect (optional)",
    "facilitator.experts_experience_among_them": "Experts by experience among them (optional)",
    "facilitator.form_work": "Form to work on",
    "facilitator.workshop_title": "Workshop title",
    "facilitator.e_g_case_note": "e.g. Case note review with the family group",
    "facilitator.how_people_vote": "How people vote",
    "facilitator.how_people_appear": "How people appear",
    "facilitator.show_results_participants_while": (
        "Show results to participants while voting (otherwise only after closing)"),
    "facilitator.create_workshop": "Create the workshop",
    "facilitator.resume_workshop": "Resume a workshop",
    "facilitator.workshop_made_command_line": (
        "A workshop made on the command line has no account: open it with its facilitator key."),
    "facilitator.facilitator_key": "Facilitator key",
    "facilitator.key_shown_when_workshop": "The key shown when the workshop was made (it starts with fk_).",
    "facilitator.resume": "Resume",
    "facilitator.workshops": "Your workshops",
    "facilitator.have_no_workshops_yet": "You have no workshops yet. Start one below.",
    "facilitator.made_join_code": "**{title}**  \n{status} · made on {created} · join code {join_code}",
    "facilitator.open": "Open {title}",
    "facilitator.keep_facilitator_key_somewhere": (
        "Keep this facilitator key somewhere safe: it is shown only now, and it is the only way to come "
        "back to this workshop to decide and publish. Anyone holding it can run the workshop."),
    "facilitator.i_have_kept_key": "I have kept the key",
    "facilitator.who_has_joined": "Who has joined",
    "facilitator.joined_cast": "- {group}: {joined} joined, {votes} cast",
    "facilitator.nobody_has_joined_yet": "Nobody has joined yet.",
    "facilitator.proposals": "Proposals",
    "facilitator.no_proposals_yet": "No proposals yet.",
    "facilitator.why": "Why: ",
    "facilitator.votes_constituency": "Votes by constituency:\n\n",
    "facilitator.would_pass": "Would pass. ",
    "facilitator.would_not_pass": "Would not pass. ",
    "facilitator.quorum": "**Quorum:** {needed}.",
    "facilitator.stage_workshop": "Stage of the workshop",
    "facilitator.results_participants": "Results for participants",
    "facilitator.how_people_vote_now": "How people vote from now on",
    "facilitator.new_round_may_use": (
        "A new round may use another method. Proposals that already have votes keep the method those votes "
        "were cast with."),
    "facilitator.change_stage": "Change the stage",
    "facilitator.decide": "Decide",
    "facilitator.no_proposal_waiting_decision": "No proposal is waiting for a decision.",
    "facilitator.decision": "Decision",
    "facilitator.review_decision_optional": "Review this decision on (optional)",
    "facilitator.when_group_should_look": "When the group should look again at how the change works in practice.",
    "facilitator.record_decision": "Record the decision",
    "facilitator.write_statement_first_decision": (
        "Write a statement first: the decision record says why, for the people who were not there."),
    "facilitator.look_proposal_before_after": "Look at a proposal before and after",
    "facilitator.record_vote_someone_without": "Record a vote for someone without a device",
    "facilitator.needs_someone_who_has": (
        "This needs someone who has joined to vote (not a vendor or manager) and a proposal open for "
        "voting."),
    "facilitator.whose_vote": "Whose vote",
    "facilitator.they_join_first_helper": "They join first (a helper can join for them), then tell you their vote.",
    "facilitator.dots_give": "Dots to give",
    "facilitator.their_vote": "Their vote",
    "facilitator.record_their_vote": "Record their vote",
    "facilitator.hide_comment": "Hide a comment",
    "facilitator.there_no_comments_hide": "There are no comments to hide.",
    "facilitator.comment_hide": "Comment to hide",
    "facilitator.hide_this_comment": "Hide this comment",
    "facilitator.erase_person_s_contributions": "Erase a person's contributions at their request",
    "facilitator.whose_contributions": "Whose contributions",
    "facilitator.participants_see_their_number": "Participants see their number under 'Your data' on their page.",
    "facilitator.they_asked_their_name": (
        "They asked for this. Their name, comments, notes and reasons will be erased and their link will "
        "stop working; their votes stay counted with no link to them."),
    "facilitator.erase": "Erase",
    "facilitator.tick_box_first_erasing": "Tick the box first: erasing cannot be undone.",
    "facilitator.time_trials_run_workshop": "Time trials run in this workshop ({count})",
    "facilitator.none_yet_participants_run": (
        "None yet. Participants run them on 'Read the form': Start, fill it in as in a real visit, Finish. "
        "Only the seconds per question are kept."),
    "facilitator.version": "**Version {version}**",
    "facilitator.publish": "Publish",
    "facilitator.apply_every_accepted_proposal": (
        "Apply every accepted proposal to make the form's next version. It is checked first: a version with "
        "errors is never published."),
    "facilitator.close_workshop_when_published": "Close the workshop when it is published",
    "facilitator.everyone_s_screen_then": (
        "Everyone's screen then shows the outcome and the new version. Leave it open only if the room will "
        "go on to another round on the new version."),
    "facilitator.publish_new_version": "Publish the new version",
    "facilitator.version_published_studio_s": (
        "Version {version} is published as {name}, and the studio's Library lists it.{closed} Download it "
        "below."),
    "facilitator.had_not_been_decided": (
        "{waiting} had not been decided when the workshop closed; they stay in the record as not decided."),
    "facilitator.download": "Download {name}",
    "facilitator.title": "Run a workshop",
    "facilitator.intro": (
        "Practitioners and experts by experience change a form together. Start a workshop on a form, give "
        "people the join code, and decide each proposal with a statement everyone can read."),
    "facilitator.use_another_key": "Use another key",
    "facilitator.back_workshops": "Back to your workshops",
    "facilitator.projector_view_only_join": "Projector view: only the join code, link and QR code",
    "facilitator.voting_rule": "Voting: {method}. Rule: {rule}.",
    "facilitator.leave_workshop_device": "Leave this workshop on this device",
    "facilitator.open_people_propose_vote": "Open: people propose and vote",
    "facilitator.voting_proposals_people_vote": "Voting: proposals are in, people vote",
    "facilitator.closed_results_shown_everyone": "Closed: results are shown to everyone, nothing more can be changed",
    "facilitator.name_person_s_name": "By name: a person's name appears in exported records only if they agree",
    "facilitator.chosen_name_shown_room": (
        "By a chosen name: shown in the room; exported records show only each person's group"),
    "facilitator.secret_ballots_vote_stored": "Secret ballots: a vote is stored with no link to the person who cast it",
    "facilitator.keep_they": "Keep as they are",
    "facilitator.show_them_while_voting": "Show them while voting",
    "facilitator.show_them_only_after": "Show them only after closing",
    "facilitator.workshop_made_listed_under": (
        "The workshop is made. It is listed under Your workshops whenever you sign in."),
    "facilitator.proposals_keep_their_method": " Proposals {proposals} keep their method: they already have votes.",
    "facilitator.workshop_now_people_vote": "The workshop is now {stage}; people vote by {method}.{kept}",
    "facilitator.proposal_decide": "Proposal to decide",
    "facilitator.accept": "Accept",
    "facilitator.reject": "Reject",
    "facilitator.statement_what_was_decided": "Statement: what was decided and why, in plain words",
    "facilitator.superseded": " Superseded: {proposals}.",
    "facilitator.still_open_decide_which": " Still open for you to decide: {proposals}, which amend it.",
    "facilitator.proposal_was": "Proposal {proposal} was {outcome}. {reason}{extra}",
    "facilitator.participant": "Participant {number} ({name}{group})",
    "facilitator.proposal_look": "Proposal to look at",
    "facilitator.proposal_vote": "Proposal to vote on",
    "facilitator.their_reason_their_words": "Their reason, in their words (needed for an objection)",
    "facilitator.vote_participant_proposal_recorded": (
        "The vote of participant {person} on proposal {chosen} is recorded, marked as assisted."),
    "facilitator.proposal": "On proposal {number}: {body}",
    "facilitator.comment_hidden_everyone_s": "Comment {chosen} is hidden from everyone's screens.",
    "facilitator.participant_s_contributions_erased": "Participant {person}'s contributions are erased.",
    "facilitator.workshop_closed_everyone_now": (
        "The workshop is closed: everyone now sees the outcome and the new version."),
    "facilitator.workshop_stays_open": " The workshop stays open.",
    # --- joining a workshop (ui/participant_page.py) ---
    "participant.title": "Join a workshop",
    "participant.join_code": "Join code",
    "participant.e_g_abcde_fgh": "e.g. ABCDE-FGH23",
    "participant.code_facilitator_shows_capitals": (
        "The code the facilitator shows; capitals or not, with or without the dash."),
    "participant.i_am_taking_part": "I am taking part as",
    "participant.display_name_optional": "Display name (optional)",
    "participant.my_name_may_appear": (
        "My name may appear in the workshop's exported records (otherwise only the group I take part as "
        "appears)"),
    "participant.join": "Join",
    "participant.type_join_code_facilitator": "Type the join code the facilitator shows.",
    "participant.link_session_no_longer": "This link or session no longer opens a workshop:\n\n",
    "participant.form_cannot_shown": "The form cannot be shown:\n\n",
    "participant.see": "See it as",
    "participant.start": "Start from",
    "participant.amendment_changes_someone_s": (
        "An amendment changes someone's proposal. It is voted on as a proposal of its own, linked to the "
        "one it amends."),
    "participant.how_do_want_propose": "How do you want to propose?",
    "participant.propose_yaml": "Propose this YAML",
    "participant.changes_so_far": "**Your changes so far:**\n\n",
    "participant.none_yet": "None yet.",
    "participant.propose_version": "Propose this version",
    "participant.start_again_current_form": "Start again from the current form",
    "participant.start_again_proposal": "Start again from proposal {parent}",
    "participant.why": "Why: ",
    "participant.have_voted_secret_ballot": (
        "You have voted: a secret ballot, so nobody can see or change it, not even you."),
    "participant.your_vote_was": "Your vote: **{value}**",
    "participant.votes_group_groups_fewer": "Votes by group (groups of fewer than 3 are counted with others):\n\n",
    "participant.outcome": "The outcome",
    "participant.version_form_published_these": (
        "**Version {version} of the form is published** with these changes:\n\n"),
    "participant.no_change_questions": "no change to the questions",
    "participant.no_new_version_has": "No new version has been published from this workshop.",
    "participant.workshop": "The workshop is {stage}. ",
    "participant.results_shown": "Results are shown.",
    "participant.results_shown_when_workshop": "Results are shown when the workshop closes.",
    "participant.no_proposals_yet_propose": "No proposals yet. Propose a change, or wait for others.",
    "participant.vote_heading": "Vote",
    "participant.nothing_open_voting": "Nothing is open for voting.",
    "participant.proposals_voted": "Proposals voted on by {method}:",
    "participant.dots_give_have_all": "Dots to give (you have {budget} in all)",
    "participant.your_vote": "Your vote",
    "participant.cast_my_vote": "Cast my vote",
    "participant.can_change_vote_while": "You can change your vote while the proposal is open.",
    "participant.comment_heading": "Comment",
    "participant.there_nothing_comment_yet": "There is nothing to comment on yet.",
    "participant.your_comment_is": "Your comment is",
    "participant.post_my_comment": "Post my comment",
    "participant.write_comment_first": "Write a comment first.",
    "participant.signal_shown_beside_votes": (
        "A signal is shown beside the votes for everyone to weigh. It is not a vote and is never counted."),
    "participant.send_my_signal": "Send my signal",
    "participant.no_proposals_yet": "No proposals yet.",
    "participant.come_back_later_another": "Come back later, or on another device",
    "participant.workshop_keeps_place_open": (
        "This workshop keeps your place. Open this link again, on this or another device, to carry on where "
        "you left off. Keep it private: anyone with it can vote as you."),
    "participant.shared_phone_computer_leave": (
        "On a shared phone or computer, leave the workshop on this device when you have finished, so the "
        "next person does not act as you. Your link still brings you back."),
    "participant.leave_workshop_device": "Leave the workshop on this device",
    "participant.data": "Your data",
    "participant.participant_workshop_can_keep": (
        "You are participant {participant} in this workshop. You can keep a copy of everything you "
        "contributed. To have your name and words erased, ask the facilitator and give them this number; "
        "your votes then stay counted with no link to you."),
    "participant.download_my_contributions_json": "Download my contributions (JSON)",
    "participant.intro": (
        "Change a form together with the people who use it. Join with the code the facilitator shows: you "
        "need no account."),
    "participant.join_again": "Join again",
    "participant.take_part_named": "You take part as {name} ({who}).",
    "participant.take_part_as": "You take part as: {who}.",
    "participant.show": "Show",
    "participant.version_form_person_filling": (
        "Version {version} of the form, as the person filling it in will see it."),
    "participant.proposals_votes": "Proposals and votes",
    "participant.before_after": "Before and after",
    "participant.read_form": "Read the form",
    "participant.propose_change": "Propose a change",
    "participant.how_hard_build": "How hard is this to build?",
    "participant.easy": "Easy",
    "participant.needs_work": "Needs work",
    "participant.not_possible": "Not possible",
    "participant.there_legal_policy_concern": "Is there a legal or policy concern?",
    "participant.yes_concern": "Yes, a concern",
    "participant.no_concern": "No concern",
    "participant.optional_why": "Optional: why?",
    "participant.needed_if_object_what": "Needed if you object: what would make it acceptable?",
    "participant.have_joined_welcome_come": (
        "You have joined. Welcome! To come back later, keep the link under 'Come back later' at the bottom "
        "of this page."),
    "participant.current_form_version": "The current form (version {version})",
    "participant.proposal_amend": "Proposal {number}, to amend it",
    "participant.menus_no_yaml_needed": "With menus (no YAML needed)",
    "participant.pasting_yaml": "By pasting YAML",
    "participant.whole_form_yaml": "The whole form, as YAML",
    "participant.why_change_optional": "Why this change? (optional)",
    "participant.amends_proposal": " It amends proposal {parent}.",
    "participant.proposal_says": "Proposal {proposal} is in.{amends} It says:\n\n",
    "participant.rejected": "{count} rejected",
    "participant.not_decided": "{count} not decided",
    "participant.proposal_vote": "Proposal to vote on",
    "participant.why_optional": "Why? (optional)",
    "participant.proposal_comment": "Proposal to comment on",
    "participant.for_it": "For it",
    "participant.against": "Against it",
    "participant.comment_proposal_posted": "Your comment on proposal {chosen} is posted.",
    "participant.proposal_signal": "Proposal to signal on",
    "participant.note_optional_what_would": "Note (optional): what it would take, or what the concern is",
    "participant.signal_proposal_shown_beside": "Your signal on proposal {chosen} is shown beside its votes.",
    "participant.proposal_look": "Proposal to look at",
    "participant.accepted": "{count} accepted",
    "participant.stage.open": "open for proposals and votes",
    "participant.stage.voting": "voting",
    "participant.stage.closed": "closed",
    "participant.vote_changed": "Your vote on proposal {proposal} is changed.",
    "participant.vote_counted": "Your vote on proposal {proposal} is counted.",
    "participant.a_question": "A question",
    # --- the results page (ui/results_page.py) ---
    "results.no_votes_yet": "No votes yet.",
    "results.no_proposals_yet": "No proposals yet.",
    "results.results_shown_when_workshop": "Results are shown when the workshop closes.",
    "results.passes": "**Passes.** ",
    "results.does_not_pass": "**Does not pass.** ",
    "results.title": "Results",
    "results.intro": (
        "Each proposal's votes, split by who voted first: practitioners, experts by experience and the "
        "other groups. The pooled count comes last, and the decision rule says in words why a proposal "
        "passes or not."),
    "results.join_workshop_start_resume": (
        "Join a workshop, or start or resume one as its facilitator, to see its results here."),
    "results.facilitator_shows_results_when": (
        "The facilitator shows results when the workshop closes, so that early votes do not sway later "
        "ones."),
    "results.group": "Group",
    "results.votes_proposal_group_same": "Votes on proposal {proposal} by group; the same figures are listed below.",
    # --- what every workshop page shares (ui/workshop_state.py) ---
    "workshop.was_not_done": "That was not done:\n\n",
    "workshop.was_not_done_short": "That was not done: ",
    "workshop.proposal_heading": "**Proposal {proposal}**{parent} · {status}",
    "workshop.proposal_which_amends_was": (
        "Proposal {amends_accepted}, which this amends, was accepted. This amendment stays open until the "
        "facilitator decides it: it is not dropped with the other rivals."),
    "workshop.rivals": "**Rivals.** {reason}",
    "workshop.rule_s_pick": "**The rule's pick**",
    "workshop.signal_not_vote": ". A signal, not a vote.",
    "workshop.details": "{said}\n\nDetails: {codes}.",
    "workshop.amendment_proposal": " (an amendment to proposal {parent})",
    "workshop.proposal_choice": "Proposal {number}{shown}: {change}",
    "workshop.no_votes_yet": "- No votes yet.",
    "workshop.everyone_together": "- **Everyone together**: {counts}",
    # --- a proposal before and after (ui/proposal_compare.py) ---
    "proposal.proposal_cannot_shown_side": "This proposal cannot be shown side by side; its changes are listed above.",
    "proposal.compared_version_form_which": (
        "Compared with version {version} of the form, which the proposal started from."),
    "proposal.vendors": "For vendors: {compatibility_sentence}",
    "proposal.before": "**Before**\n\n",
    "proposal.after": "**After**\n\n",
    "proposal.whole_form_change": "The whole form with this change",
    "proposal.not_version": "*Not in this version.*",
    "proposal.section": "- Section: {title}",
    "proposal.introduction": "\n- Introduction: {intro}",
    "proposal.breaking": "Breaking: ",
    # --- the projector's front door (ui/front_door.py) ---
    "door.join_join_workshop_page": (
        "Join on the **Join a workshop** page with this code, or scan the square with a phone's camera:"),
    "door.type_address": "Or type this address:",
    "door.scan_join": "Scan to join",
    "door.qr_code_join_link": "QR code of the join link for code {code}: point a phone's camera at it to join",
    # --- signing in (ui/sign_in.py) ---
    "signin.sign_organisation_account_start": (
        "Sign in with your organisation account to start or run a workshop. Your workshops are kept under "
        "your account, so you can come back to them from any device without a key."),
    "signin.sign_organisation_account": "Sign in with your organisation account",
    "signin.signed": "Signed in as **{who}**.",
    "signin.sign_out": "Sign out",
    "signin.organisation_account": "your organisation account",
}
