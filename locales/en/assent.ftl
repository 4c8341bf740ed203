# assent's own interface texts. Every other locale must have every message here
# (a test checks it). Counts are passed as numbers so plural selectors work.
# Keep messages short and plain: a 12-year-old should understand them.

## Choosing a language

language-propose = Shall we continue in English?
language-choose = Which language would you like to use?
language-changed = From now on I will write in English. Your answers are kept.
language-button = English

## Participation notice

notice-heading = Before we start
notice-accept = I agree, let's start
notice-decline = No, thanks
notice-declined = That is fine. Nothing about you has been kept except a code that is not linked to your name. If you change your mind, send /start.
notice-accepted = Thank you. Your answers will be saved under a code, never with your name.

## Progress and questions

progress = Question { $current } of { $total }
stage-heading = Part { $current } of { $total }: { $title }
stage-progress = Part { $current } of { $total }
stage-repeat-title = The same questions again: after reading and voting, has your view changed?
answer-saved = Saved.
answer-recorded = Your answer: { $answer }
answer-skipped = You skipped this question.
answer-none-chosen = None of these
skip-button = Skip this question
multi-hint = Choose { $max ->
        [one] one option
       *[other] up to { $max } options
    }, then press "Done".
multi-done = Done ({ $count } chosen)
multi-too-few = Please choose at least { $min ->
        [one] one option
       *[other] { $min } options
    }.
multi-too-many = You can choose at most { $max ->
        [one] one option
       *[other] { $max } options
    }. Remove one first.
text-hint = Write your answer as a message (at most { $limit } characters).
text-too-long = Your answer has { $length } characters, but the limit is { $limit }. Please shorten it and send it again.
text-empty = Your message looks empty. Please write your answer in words.

## Likert scale labels

likert5-1 = Strongly disagree
likert5-2 = Disagree
likert5-3 = Neither agree nor disagree
likert5-4 = Agree
likert5-5 = Strongly agree
likert7-1 = Strongly disagree
likert7-2 = Disagree
likert7-3 = Somewhat disagree
likert7-4 = Neither agree nor disagree
likert7-5 = Somewhat agree
likert7-6 = Agree
likert7-7 = Strongly agree

## Information cards

info-for = Arguments for
info-against = Arguments against
info-link = Read more
info-next = Next
info-card-progress = Card { $current } of { $total }

## Finishing

closing-default = Thank you for taking part!
closing-next = Your answers are saved. The organizers will share the results when the consultation ends.
already-finished = You have already answered everything. Thank you!


## Leaving

forget-confirm = Do you want to withdraw and delete all your answers to this consultation? This cannot be undone.
forget-yes = Yes, delete my answers
forget-no = No, keep them
forget-done = Done: your answers and the link to this chat are deleted. If you want to take part again, open the invite link.
forget-kept = Nothing was deleted. Send /start to continue.
forget-nothing = There is nothing to delete: no answers are kept for you.

## Hints for unexpected input

hint-use-buttons = Please answer with the buttons under the question.
hint-unsupported = I can only read text messages and button presses here.
hint-edited = I keep the message as you first sent it. To change an answer, send a new message.
hint-stale-button = That button belongs to an earlier message. Please use the buttons of the latest question.
hint-finished-button = You have already finished. Thank you!
hint-not-open = This consultation is not open right now. Your answers were not changed.
hint-need-invite = To take part, open the invite link you received from the organizers.
hint-invalid-invite = This invite link does not work. Please check that you copied all of it.
hint-text-not-expected = Please use the buttons to continue.

## Going back and reviewing

back-none = There is no earlier question in this part to go back to.
answer-current = Your current answer: { $answer }
keep-button = Keep my answer
review-heading = Please check your answers. You can change any of them before you submit.
review-change = ✏️ { $number }
review-submit = Submit my answers ✓
review-not-answered = (not answered)
review-skipped = (skipped)
review-after = (after the discussion)

## More question kinds

scale-ends = { $min } = { $minLabel } · { $max } = { $maxLabel }
ranking-hint = Press the options in order, from the one you prefer most to the one you prefer least.
ranking-reset = Start over
number-hint = Type a number from { $min } to { $max }.
number-invalid = I could not read that as a number. Please type a number such as { $example }.
number-not-whole = Please type a whole number.
number-out-of-range = Please type a number from { $min } to { $max }.

## Statements

deck-intro = Read each statement and say whether you agree or disagree. If you are not sure, press "Pass".
deck-intro-write = Is something missing? Send your own statement as a message (up to { $limit } characters). Others will vote on it.
deck-card-progress = Statement { $current } of up to { $total }
vote-agree = Agree
vote-disagree = Disagree
vote-pass = Pass / unsure
vote-recorded = Your vote: { $vote }
vote-saved = Vote saved
vote-changed = Vote changed
vote-unchanged = This vote is already saved
deck-finish = Done with statements →
deck-write = ✍️ Write a statement
deck-write-prompt = Send your statement as a message now: one short sentence, up to { $limit } characters.
deck-empty = There are no more statements for you right now.
deck-limit = That's all the statements for you. Thank you!
deck-continue = Continue →
statement-written-in = (written in { $language })
language-name-en = English
language-name-es = Spanish
language-name-fr = French
language-name-ar = Arabic
statement-withdrawn = This statement was withdrawn.
statement-closed = This part does not take new statements. Please use the buttons.
statement-empty = Your statement is empty. Please write a short sentence.
statement-too-short = That is too short for others to vote on. Please write a short sentence.
statement-too-long = Your statement has { $length } characters; the limit is { $limit }. Please shorten it and send it again.
statement-limit = You have already written { $max } statements here, thank you! Please vote on the others.
statement-duplicate = A very similar statement is already here: "{ $existing }". You can vote on it instead.
statement-duplicate-pending = A very similar statement was already sent and is waiting for review.
statement-duplicate-rejected = A moderator has already declined a very similar statement, so it cannot be sent again.
statement-duplicate-own = You have already sent a very similar statement: "{ $existing }".
statement-received-strict = Thank you! A moderator will check your statement before others see it. I will tell you when it is decided.
statement-received-lenient = Thank you! Others can now vote on your statement. A moderator may still remove it.
statement-received-off = Thank you! Others can now vote on your statement.
statement-approved = Your statement was approved, and others can now vote on it: "{ $statement }"
statement-rejected = Your statement was not accepted: "{ $statement }"
statement-rejected-reason = Your statement was not accepted: "{ $statement }". Reason: { $reason }
statement-removed = Your statement was removed by a moderator, and its votes no longer count: "{ $statement }"
statement-removed-reason = Your statement was removed by a moderator, and its votes no longer count: "{ $statement }". Reason: { $reason }

## Moderation

moderate-empty = No statements are waiting for review.
moderate-card = Statement #{ $id } · { $slug } · stage "{ $stage }" · language { $language } · { $remaining ->
        [one] this is the last one waiting
       *[other] { $remaining } waiting
    }
moderate-approve = Approve ✓
moderate-reject = Reject ✗
moderate-reject-hint = To reject with a reason: /reject { $id } REASON
moderate-approved = Approved #{ $id }.
moderate-rejected = Rejected #{ $id }.
moderate-already = Statement #{ $id } was already decided.
moderate-unknown = There is no statement #{ $id } written by a participant.
moderate-usage-reject = Use: /reject NUMBER [REASON] (the reason, if given, is sent to the author)
moderation-usage = Use: /moderation SLUG STAGE strict|lenient|off
moderation-changed = Stage "{ $stage }" of "{ $slug }": moderation is now { $mode }.
moderation-unknown-stage = "{ $slug }" has no statements stage called "{ $stage }".

## Help

help-citizen =
    I ask questions about how data about your community may be used.
    Answer with the buttons, or by writing a message when I ask for one.
    /start — continue where you stopped
    /language — change the language
    /back — go back to the previous question
    /forget — withdraw and delete your answers
    /help — show this help
help-organizer =
    Organizer commands:
    send a consultation file (.toml) as a document — check it and save it as a draft
    /consultations — list consultations
    /open SLUG — open a consultation
    /close SLUG — close a consultation
    /invite SLUG — get the invite link
    /moderate — review statements written by participants, one at a time
    /reject NUMBER REASON — reject (or remove) statement NUMBER, telling its author why
    /moderation SLUG STAGE strict|lenient|off — change a statements stage's moderation
help-coordinator =
    Coordinator commands:
    /export csv SLUG — get all answers as a CSV file

## Organizers and coordinators

role-refused = Sorry, this command is only for { $role ->
        [organizer] organizers
       *[coordinator] coordinators
    }.
usage-slug = Please add the consultation's short name, for example: { $example }
consultation-unknown = I don't know a consultation called "{ $slug }".
upload-not-toml = Please send the consultation as a .toml file.
upload-too-big = This file is too big. A consultation file can be at most { $limit } KB.
upload-unreadable = I could not read this file. Please save it as UTF-8 text and send it again.
upload-invalid = I found { $count ->
        [one] one problem
       *[other] { $count } problems
    } in { $file }:
upload-saved = Saved "{ $slug }" as a draft, with { $questions ->
        [one] one question
       *[other] { $questions } questions
    } in { $languages ->
        [one] one language
       *[other] { $languages } languages
    }. Open it with /open { $slug }.
upload-locked = "{ $slug }" is already { $status }. Close it and upload the file under a new short name.
consultation-opened = "{ $slug }" is open. Share the invite link: { $link }
consultation-closed = "{ $slug }" is closed. Participants can no longer answer.
consultation-already = "{ $slug }" is already { $status }.
invite-link = Invite link for "{ $slug }": { $link }
consultations-none = There are no consultations yet. Send a consultation file to create one.
consultations-line = { $slug } — { $status } — { $participants ->
        [one] one participant
       *[other] { $participants } participants
    }
status-draft = draft
status-open = open
status-closed = closed
export-caption = All answers to "{ $slug }": { $answers ->
        [one] one answer
       *[other] { $answers } answers
    }.
export-summary-caption = Summary of "{ $slug }": counts and shares per question, statements with their votes, before and after ({ $answers ->
        [one] one answer
       *[other] { $answers } answers
    }).
export-usage = Use: /export csv SLUG (all answers) or /export summary SLUG (counts, statements and their votes)
error-try-later = Something went wrong on our side. Your last answer is safe. Please try again in a minute.
