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
answer-saved = Saved.
answer-recorded = Your answer: { $answer }
answer-skipped = You skipped this question.
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

## Help

help-citizen =
    I ask questions about how data about your community may be used.
    Answer with the buttons, or by writing a message when I ask for one.
    /start — continue where you stopped
    /language — change the language
    /forget — withdraw and delete your answers
    /help — show this help
help-organizer =
    Organizer commands:
    send a consultation file (.toml) as a document — check it and save it as a draft
    /consultations — list consultations
    /open SLUG — open a consultation
    /close SLUG — close a consultation
    /invite SLUG — get the invite link
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
export-usage = Use: /export csv SLUG
error-try-later = Something went wrong on our side. Your last answer is safe. Please try again in a minute.
