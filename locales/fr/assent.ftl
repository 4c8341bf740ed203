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
answer-saved = Enregistré.
answer-recorded = Votre réponse : { $answer }
answer-skipped = Vous avez passé cette question.
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

## Aide

help-citizen =
    Je pose des questions sur la façon dont les données de votre communauté peuvent être utilisées.
    Répondez avec les boutons, ou en écrivant un message quand je vous le demande.
    /start — reprendre là où vous en étiez
    /language — changer de langue
    /forget — vous retirer et effacer vos réponses
    /help — afficher cette aide
help-organizer =
    Commandes pour les organisateurs :
    envoyez un fichier de consultation (.toml) comme document — je le vérifie et je l'enregistre comme brouillon
    /consultations — voir la liste des consultations
    /open SLUG — ouvrir une consultation
    /close SLUG — fermer une consultation
    /invite SLUG — obtenir le lien d'invitation
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
export-usage = Utilisation : /export csv SLUG
error-try-later = Un problème est survenu de notre côté. Votre dernière réponse est en sécurité. Veuillez réessayer dans une minute.
