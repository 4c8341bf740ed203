# Textes de l'interface d'assent elle-même. Toutes les autres langues doivent avoir chacun des messages d'ici
# (un test le vérifie). Les quantités sont passées comme des nombres pour que les sélecteurs de pluriel fonctionnent.
# Messages courts et simples : un enfant de 12 ans doit pouvoir les comprendre.

## Choix de la langue

language-propose = On continue en français ?
language-choose = Quelle langue voulez-vous utiliser ?
language-changed = À partir de maintenant, je vous écris en français. Vos réponses sont gardées.
language-button = Français

## Avis de participation

notice-heading = Avant de commencer
notice-accept = J'accepte, on commence
notice-decline = Non, merci
notice-declined = Pas de problème. Nous n'avons rien gardé sur vous, sauf un code qui n'est pas lié à votre nom. Si vous changez d'avis, envoyez /start.
notice-accepted = Merci. Vos réponses seront enregistrées sous un code, jamais avec votre nom.

## Progression et questions

progress = Question { $current } sur { $total }
stage-heading = Partie { $current } sur { $total } : { $title }
stage-progress = Partie { $current } sur { $total }
stage-repeat-title = Les mêmes questions à nouveau : après avoir lu et voté, votre avis a-t-il changé ?
answer-saved = Enregistré.
answer-recorded = Votre réponse : { $answer }
answer-skipped = Vous avez passé cette question.
answer-none-chosen = Aucune de ces options
skip-button = Passer cette question
multi-hint = Choisissez { $max ->
        [one] une option
        [many] jusqu'à { $max } d'options
       *[other] jusqu'à { $max } options
    }, puis appuyez sur « Terminé ».
multi-done = Terminé (choix : { $count })
multi-too-few = Veuillez choisir au moins { $min ->
        [one] une option
        [many] { $min } d'options
       *[other] { $min } options
    }.
multi-too-many = Vous pouvez choisir au plus { $max ->
        [one] une option
        [many] { $max } d'options
       *[other] { $max } options
    }. Retirez-en d'abord une.
text-hint = Écrivez votre réponse dans un message ({ $limit } caractères au maximum).
text-too-long = Votre réponse fait { $length } caractères, mais la limite est de { $limit }. Veuillez la raccourcir et l'envoyer à nouveau.
text-empty = Votre message semble vide. Veuillez écrire votre réponse avec des mots.

## Libellés de l'échelle de Likert

likert5-1 = Pas du tout d'accord
likert5-2 = Pas d'accord
likert5-3 = Ni d'accord ni pas d'accord
likert5-4 = D'accord
likert5-5 = Tout à fait d'accord
likert7-1 = Pas du tout d'accord
likert7-2 = Pas d'accord
likert7-3 = Plutôt pas d'accord
likert7-4 = Ni d'accord ni pas d'accord
likert7-5 = Plutôt d'accord
likert7-6 = D'accord
likert7-7 = Tout à fait d'accord

## Fiches d'information

info-for = Arguments pour
info-against = Arguments contre
info-link = En savoir plus
info-next = Suivant
info-card-progress = Fiche { $current } sur { $total }

## Fin

closing-default = Merci d'avoir participé !
closing-next = Vos réponses sont enregistrées. Les organisateurs partageront les résultats à la fin de la consultation.
already-finished = Vous avez déjà répondu à tout. Merci !


## Partir

forget-confirm = Voulez-vous vous retirer et effacer toutes vos réponses à cette consultation ? C’est définitif.
forget-yes = Oui, effacer mes réponses
forget-no = Non, les garder
forget-done = C’est fait : vos réponses et le lien avec cette conversation sont effacés. Pour participer à nouveau, ouvrez le lien d’invitation.
forget-kept = Rien n’a été effacé. Envoyez /start pour continuer.
forget-nothing = Il n’y a rien à effacer : aucune réponse n’est gardée pour vous.

## Messages pour les envois inattendus

hint-use-buttons = Veuillez répondre avec les boutons sous la question.
hint-unsupported = Ici, je peux seulement lire des messages écrits et des appuis sur les boutons.
hint-edited = Je garde le message tel que vous l'avez envoyé la première fois. Pour changer une réponse, envoyez un nouveau message.
hint-stale-button = Ce bouton appartient à un message plus ancien. Veuillez utiliser les boutons de la dernière question.
hint-finished-button = Vous avez déjà terminé. Merci !
hint-not-open = Cette consultation n'est pas ouverte en ce moment. Vos réponses n'ont pas changé.
hint-need-invite = Pour participer, ouvrez le lien d'invitation que les organisateurs vous ont envoyé.
hint-invalid-invite = Ce lien d'invitation ne fonctionne pas. Veuillez vérifier qu'il a été copié en entier.
hint-text-not-expected = Veuillez utiliser les boutons pour continuer.

## Revenir en arrière et vérifier

back-none = Il n'y a pas de question précédente dans cette partie.
answer-current = Votre réponse actuelle : { $answer }
keep-button = Garder ma réponse
review-heading = Veuillez vérifier vos réponses. Vous pouvez encore modifier chacune d'elles avant de les envoyer.
review-change = ✏️ { $number }
review-submit = Envoyer mes réponses ✓
review-not-answered = (sans réponse)
review-skipped = (passée)
review-after = (après la discussion)

## Autres types de questions

scale-ends = { $min } = { $minLabel } · { $max } = { $maxLabel }
ranking-hint = Appuyez sur les options dans l'ordre, de celle que vous préférez le plus à celle que vous préférez le moins.
ranking-reset = Recommencer
number-hint = Écrivez un nombre entre { $min } et { $max }.
number-invalid = Je n'ai pas pu lire cela comme un nombre. Veuillez écrire un nombre, par exemple { $example }.
number-not-whole = Veuillez écrire un nombre entier.
number-out-of-range = Veuillez écrire un nombre entre { $min } et { $max }.

## Affirmations

deck-intro = Lisez chaque affirmation et dites si vous êtes d'accord ou non. Si vous hésitez, appuyez sur « Je ne sais pas ».
deck-intro-write = Il manque quelque chose ? Envoyez votre propre affirmation dans un message ({ $limit } caractères au maximum). Les autres participants pourront voter dessus.
deck-card-progress = Affirmation { $current } sur { $total } au maximum
vote-agree = D'accord
vote-disagree = Pas d'accord
vote-pass = Je ne sais pas
vote-recorded = Votre vote : { $vote }
vote-saved = Vote enregistré
vote-changed = Vote modifié
vote-unchanged = Ce vote est déjà enregistré
deck-finish = J'ai fini les affirmations →
deck-write = ✍️ Écrire une affirmation
deck-write-prompt = Envoyez maintenant votre affirmation dans un message : une phrase courte, { $limit } caractères au maximum.
deck-empty = Il n'y a pas d'autre affirmation pour vous pour le moment.
deck-limit = Vous avez vu toutes les affirmations prévues pour vous. Merci !
deck-continue = Continuer →
statement-written-in = (écrite en { $language })
language-name-en = anglais
language-name-es = espagnol
language-name-fr = français
language-name-ar = arabe
statement-withdrawn = Cette affirmation a été retirée.
statement-closed = Cette partie n'accepte pas de nouvelles affirmations. Veuillez utiliser les boutons.
statement-empty = Votre affirmation est vide. Veuillez écrire une courte phrase.
statement-too-short = C’est trop court pour que les autres puissent voter. Écrivez une courte phrase, s’il vous plaît.
statement-too-long = Votre affirmation fait { $length } caractères, mais la limite est de { $limit }. Veuillez la raccourcir et l'envoyer à nouveau.
statement-limit = Vous avez déjà écrit { $max ->
        [one] une affirmation
        [many] { $max } d'affirmations
       *[other] { $max } affirmations
    } ici, merci ! Veuillez maintenant voter sur celles des autres.
statement-duplicate = Une affirmation très proche existe déjà : « { $existing } ». Vous pouvez plutôt voter sur celle-ci.
statement-duplicate-pending = Une affirmation très proche a déjà été envoyée et attend d'être vérifiée.
statement-duplicate-rejected = La modération a déjà refusé une affirmation très proche : elle ne peut pas être envoyée de nouveau.
statement-duplicate-own = Vous avez déjà envoyé une affirmation très proche : « { $existing } ».
statement-received-strict = Merci ! Un modérateur vérifiera votre affirmation avant que les autres la voient. Je vous préviendrai quand la décision sera prise.
statement-received-lenient = Merci ! Les autres peuvent maintenant voter sur votre affirmation. Un modérateur peut encore la retirer.
statement-received-off = Merci ! Les autres peuvent maintenant voter sur votre affirmation.
statement-approved = Votre affirmation a été approuvée, et les autres peuvent maintenant voter dessus : « { $statement } »
statement-rejected = Votre affirmation n'a pas été acceptée : « { $statement } »
statement-rejected-reason = Votre affirmation n'a pas été acceptée : « { $statement } ». Raison : { $reason }
statement-removed = Votre affirmation a été retirée par la modération et ses votes ne comptent plus : « { $statement } »
statement-removed-reason = Votre affirmation a été retirée par la modération et ses votes ne comptent plus : « { $statement } ». Motif : { $reason }

## Modération

moderate-empty = Aucune affirmation n'attend de vérification.
moderate-card = Affirmation #{ $id } · { $slug } · étape « { $stage } » · langue { $language } · { $remaining ->
        [one] c'est la dernière en attente
        [many] { $remaining } en attente
       *[other] { $remaining } en attente
    }
moderate-approve = Approuver ✓
moderate-reject = Refuser ✗
moderate-reject-hint = Pour la refuser en donnant une raison : /reject { $id } REASON
moderate-approved = Affirmation #{ $id } approuvée.
moderate-rejected = Affirmation #{ $id } refusée.
moderate-already = Une décision a déjà été prise pour l'affirmation #{ $id }.
moderate-unknown = Il n'y a pas d'affirmation #{ $id } écrite par un participant.
moderate-usage-reject = Utilisation : /reject NUMÉRO [MOTIF] (le motif, s’il est donné, est envoyé à l’auteur)
moderation-usage = Utilisation : /moderation SLUG STAGE strict|lenient|off
moderation-changed = Étape « { $stage } » de « { $slug } » : la modération est maintenant { $mode }.
moderation-unknown-stage = « { $slug } » n'a pas d'étape d'affirmations appelée « { $stage } ».

## Aide

help-citizen =
    Je pose des questions sur la façon dont les données de votre communauté peuvent être utilisées.
    Répondez avec les boutons, ou en écrivant un message quand je vous le demande.
    /start — reprendre là où vous en étiez
    /language — changer de langue
    /back — revenir à la question précédente
    /forget — vous retirer et effacer vos réponses
    /help — afficher cette aide
help-organizer =
    Commandes pour les organisateurs :
    envoyez un fichier de consultation (.toml) comme document — je le vérifie et je l'enregistre comme brouillon
    /consultations — voir la liste des consultations
    /open SLUG — ouvrir une consultation
    /close SLUG — fermer une consultation
    /invite SLUG — obtenir le lien d'invitation
    /moderate — vérifier une par une les affirmations écrites par les participants
    /reject NUMBER REASON — refuser (ou retirer) l'affirmation NUMBER, en expliquant pourquoi à son auteur
    /moderation SLUG STAGE strict|lenient|off — changer la modération d'une étape d'affirmations
help-coordinator =
    Commandes pour les coordinateurs :
    /export csv SLUG — recevoir toutes les réponses dans un fichier CSV

## Organisateurs et coordinateurs

role-refused = Désolé, cette commande est réservée aux { $role ->
        [organizer] organisateurs
       *[coordinator] coordinateurs
    }.
usage-slug = Veuillez ajouter le nom court de la consultation, par exemple : { $example }
consultation-unknown = Je ne connais pas de consultation appelée « { $slug } ».
upload-not-toml = Veuillez envoyer la consultation sous forme de fichier .toml.
upload-too-big = Ce fichier est trop gros. Un fichier de consultation peut faire au plus { $limit } Ko.
upload-unreadable = Je n'ai pas pu lire ce fichier. Veuillez l'enregistrer en texte UTF-8 et l'envoyer à nouveau.
upload-invalid = J'ai trouvé { $count ->
        [one] un problème
        [many] { $count } de problèmes
       *[other] { $count } problèmes
    } dans { $file } :
upload-saved = « { $slug } » est enregistrée comme brouillon, avec { $questions ->
        [one] { $questions } question
        [many] { $questions } de questions
       *[other] { $questions } questions
    } dans { $languages ->
        [one] { $languages } langue
        [many] { $languages } de langues
       *[other] { $languages } langues
    }. Ouvrez-la avec /open { $slug }.
upload-locked = « { $slug } » est déjà { $status }. Fermez-la et envoyez le fichier sous un nouveau nom court.
consultation-opened = « { $slug } » est ouverte. Partagez le lien d'invitation : { $link }
consultation-closed = « { $slug } » est fermée. Les participants ne peuvent plus répondre.
consultation-already = « { $slug } » est déjà { $status }.
invite-link = Lien d'invitation pour « { $slug } » : { $link }
consultations-none = Il n'y a encore aucune consultation. Envoyez un fichier de consultation pour en créer une.
consultations-line = { $slug } — { $status } — { $participants ->
        [one] { $participants } participant
        [many] { $participants } de participants
       *[other] { $participants } participants
    }
status-draft = en brouillon
status-open = ouverte
status-closed = fermée
export-caption = Toutes les réponses à « { $slug } » : { $answers ->
        [one] { $answers } réponse
        [many] { $answers } de réponses
       *[other] { $answers } réponses
    }.
export-summary-caption = Synthèse de « { $slug } » : décomptes et parts par question, affirmations avec leurs votes, avant et après ({ $answers ->
        [one] { $answers } réponse
       *[other] { $answers } réponses
    }).
export-usage = Utilisation : /export csv SLUG (toutes les réponses) ou /export summary SLUG (décomptes, affirmations et leurs votes)
error-try-later = Un problème est survenu de notre côté. Votre dernière réponse est en sécurité. Veuillez réessayer dans une minute.
