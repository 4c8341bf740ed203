# Textos de la propia interfaz de assent. Todos los demás idiomas deben tener todos los mensajes de aquí
# (una prueba lo comprueba). Las cantidades se pasan como números para que funcionen los selectores de plural.
# Mensajes cortos y sencillos: un niño de 12 años debe poder entenderlos.

## Elegir el idioma

language-propose = ¿Seguimos en español?
language-choose = ¿Qué idioma quieres usar?
language-changed = A partir de ahora te escribiré en español. Tus respuestas se mantienen.
language-button = Español

## Aviso de participación

notice-heading = Antes de empezar
notice-accept = Acepto, empecemos
notice-decline = No, gracias
notice-declined = De acuerdo. No hemos guardado nada sobre ti, solo un código que no está unido a tu nombre. Si cambias de opinión, envía /start.
notice-accepted = Gracias. Tus respuestas se guardarán con un código, nunca con tu nombre.

## Progreso y preguntas

progress = Pregunta { $current } de { $total }
stage-heading = Parte { $current } de { $total }: { $title }
stage-progress = Parte { $current } de { $total }
stage-repeat-title = Las mismas preguntas otra vez: después de leer y votar, ¿ha cambiado tu opinión?
answer-saved = Guardado.
answer-recorded = Tu respuesta: { $answer }
answer-skipped = Has saltado esta pregunta.
answer-none-chosen = Ninguna de estas opciones
skip-button = Saltar esta pregunta
multi-hint = Elige { $max ->
        [one] una opción
        [many] hasta { $max } de opciones
       *[other] hasta { $max } opciones
    } y luego pulsa «Listo».
multi-done = Listo (elegidas: { $count })
multi-too-few = Por favor, elige al menos { $min ->
        [one] una opción
        [many] { $min } de opciones
       *[other] { $min } opciones
    }.
multi-too-many = Puedes elegir como máximo { $max ->
        [one] una opción
        [many] { $max } de opciones
       *[other] { $max } opciones
    }. Quita una primero.
text-hint = Escribe tu respuesta en un mensaje (como máximo { $limit } caracteres).
text-too-long = Tu respuesta tiene { $length } caracteres, pero el límite es { $limit }. Por favor, acórtala y envíala de nuevo.
text-empty = Tu mensaje parece vacío. Por favor, escribe tu respuesta con palabras.

## Etiquetas de la escala Likert

likert5-1 = Totalmente en desacuerdo
likert5-2 = En desacuerdo
likert5-3 = Ni de acuerdo ni en desacuerdo
likert5-4 = De acuerdo
likert5-5 = Totalmente de acuerdo
likert7-1 = Totalmente en desacuerdo
likert7-2 = En desacuerdo
likert7-3 = Algo en desacuerdo
likert7-4 = Ni de acuerdo ni en desacuerdo
likert7-5 = Algo de acuerdo
likert7-6 = De acuerdo
likert7-7 = Totalmente de acuerdo

## Fichas informativas

info-for = Argumentos a favor
info-against = Argumentos en contra
info-link = Leer más
info-next = Siguiente
info-card-progress = Ficha { $current } de { $total }

## Final

closing-default = ¡Gracias por participar!
closing-next = Tus respuestas están guardadas. Los organizadores compartirán los resultados cuando termine la consulta.
already-finished = Ya has respondido a todo. ¡Gracias!


## Salir

forget-confirm = ¿Quieres retirarte y borrar todas tus respuestas a esta consulta? No se puede deshacer.
forget-yes = Sí, borrar mis respuestas
forget-no = No, conservarlas
forget-done = Hecho: tus respuestas y el vínculo con este chat están borrados. Si quieres participar de nuevo, abre el enlace de invitación.
forget-kept = No se ha borrado nada. Envía /start para continuar.
forget-nothing = No hay nada que borrar: no se guarda ninguna respuesta tuya.

## Avisos ante mensajes inesperados

hint-use-buttons = Por favor, responde con los botones que hay debajo de la pregunta.
hint-unsupported = Aquí solo puedo leer mensajes de texto y botones.
hint-edited = Guardo el mensaje tal como lo enviaste la primera vez. Para cambiar una respuesta, envía un mensaje nuevo.
hint-stale-button = Ese botón es de un mensaje anterior. Por favor, usa los botones de la última pregunta.
hint-finished-button = Ya has terminado. ¡Gracias!
hint-not-open = Esta consulta no está abierta ahora. Tus respuestas no han cambiado.
hint-need-invite = Para participar, abre el enlace de invitación que te enviaron los organizadores.
hint-invalid-invite = Este enlace de invitación no funciona. Por favor, comprueba que lo copiaste entero.
hint-text-not-expected = Por favor, usa los botones para seguir.

## Volver atrás y revisar

back-none = En esta parte no hay ninguna pregunta anterior a la que volver.
answer-current = Tu respuesta actual: { $answer }
keep-button = Mantener mi respuesta
review-heading = Por favor, revisa tus respuestas. Puedes cambiar cualquiera de ellas antes de enviarlas.
review-change = ✏️ { $number }
review-submit = Enviar mis respuestas ✓
review-not-answered = (sin responder)
review-skipped = (saltada)
review-after = (después del debate)

## Más tipos de preguntas

scale-ends = { $min } = { $minLabel } · { $max } = { $maxLabel }
ranking-hint = Pulsa las opciones en orden, desde la que más te gusta hasta la que menos te gusta.
ranking-reset = Empezar de nuevo
number-hint = Escribe un número entre { $min } y { $max }.
number-invalid = No he podido entender eso como un número. Por favor, escribe un número, por ejemplo { $example }.
number-not-whole = Por favor, escribe un número entero.
number-out-of-range = Por favor, escribe un número entre { $min } y { $max }.

## Afirmaciones

deck-intro = Lee cada afirmación y di si estás de acuerdo o en desacuerdo. Si no lo tienes claro, pulsa «Paso / no sé».
deck-intro-write = ¿Falta algo? Envía tu propia afirmación en un mensaje (como máximo { $limit } caracteres). Los demás podrán votarla.
deck-card-progress = Afirmación { $current } de { $total } como máximo
vote-agree = De acuerdo
vote-disagree = En desacuerdo
vote-pass = Paso / no sé
vote-recorded = Tu voto: { $vote }
vote-saved = Voto guardado
vote-changed = Voto cambiado
vote-unchanged = Este voto ya está guardado
deck-finish = He terminado con las afirmaciones →
deck-write = ✍️ Escribir una afirmación
deck-write-prompt = Envía ahora tu afirmación en un mensaje: una frase corta, como máximo { $limit } caracteres.
deck-empty = Por ahora no hay más afirmaciones para ti.
deck-limit = Ya has visto todas las afirmaciones que tenías. ¡Gracias!
deck-continue = Continuar →
statement-written-in = (escrita en { $language })
language-name-en = inglés
language-name-es = español
language-name-fr = francés
language-name-ar = árabe
statement-withdrawn = Esta afirmación se ha retirado.
statement-closed = Esta parte no acepta afirmaciones nuevas. Por favor, usa los botones.
statement-empty = Tu afirmación está vacía. Por favor, escribe una frase corta.
statement-too-short = Es demasiado corta para que otras personas la voten. Escribe una frase corta, por favor.
statement-too-long = Tu afirmación tiene { $length } caracteres, pero el límite es { $limit }. Por favor, acórtala y envíala de nuevo.
statement-limit = Ya has escrito { $max ->
        [one] una afirmación
        [many] { $max } de afirmaciones
       *[other] { $max } afirmaciones
    } aquí, ¡gracias! Ahora, por favor, vota las de los demás.
statement-duplicate = Ya hay una afirmación muy parecida: «{ $existing }». Puedes votarla a ella.
statement-duplicate-pending = Ya se ha enviado una afirmación muy parecida y está esperando a que la revisen.
statement-duplicate-rejected = Una persona moderadora ya rechazó una afirmación muy parecida, así que no se puede volver a enviar.
statement-duplicate-own = Ya enviaste una afirmación muy parecida: «{ $existing }».
statement-received-strict = ¡Gracias! Un moderador revisará tu afirmación antes de que la vean los demás. Te avisaré cuando haya una decisión.
statement-received-lenient = ¡Gracias! Los demás ya pueden votar tu afirmación. Aun así, un moderador podría quitarla.
statement-received-off = ¡Gracias! Los demás ya pueden votar tu afirmación.
statement-approved = Tu afirmación se ha aprobado y los demás ya pueden votarla: «{ $statement }»
statement-rejected = Tu afirmación no se ha aceptado: «{ $statement }»
statement-rejected-reason = Tu afirmación no se ha aceptado: «{ $statement }». Motivo: { $reason }
statement-removed = Una persona moderadora ha retirado tu afirmación y sus votos ya no cuentan: «{ $statement }»
statement-removed-reason = Una persona moderadora ha retirado tu afirmación y sus votos ya no cuentan: «{ $statement }». Motivo: { $reason }

## Moderación

moderate-empty = No hay ninguna afirmación esperando revisión.
moderate-card = Afirmación #{ $id } · { $slug } · etapa «{ $stage }» · idioma { $language } · { $remaining ->
        [one] es la última que queda por revisar
        [many] { $remaining } en espera
       *[other] { $remaining } en espera
    }
moderate-approve = Aprobar ✓
moderate-reject = Rechazar ✗
moderate-reject-hint = Para rechazarla con un motivo: /reject { $id } REASON
moderate-approved = Afirmación #{ $id } aprobada.
moderate-rejected = Afirmación #{ $id } rechazada.
moderate-already = Ya se había tomado una decisión sobre la afirmación #{ $id }.
moderate-unknown = No hay ninguna afirmación #{ $id } escrita por un participante.
moderate-usage-reject = Uso: /reject NÚMERO [MOTIVO] (si das un motivo, se envía a quien la escribió)
moderation-usage = Uso: /moderation SLUG STAGE strict|lenient|off
moderation-changed = Etapa «{ $stage }» de «{ $slug }»: la moderación es ahora { $mode }.
moderation-unknown-stage = «{ $slug }» no tiene ninguna etapa de afirmaciones llamada «{ $stage }».

## Ayuda

help-citizen =
    Hago preguntas sobre cómo se pueden usar los datos de tu comunidad.
    Responde con los botones, o escribiendo un mensaje cuando te lo pida.
    /start — seguir donde lo dejaste
    /language — cambiar el idioma
    /back — volver a la pregunta anterior
    /forget — retirarte y borrar tus respuestas
    /help — ver esta ayuda
help-organizer =
    Comandos para organizadores:
    envía un archivo de consulta (.toml) como documento — lo reviso y lo guardo como borrador
    /consultations — ver la lista de consultas
    /open SLUG — abrir una consulta
    /close SLUG — cerrar una consulta
    /invite SLUG — obtener el enlace de invitación
    /moderate — revisar una a una las afirmaciones escritas por los participantes
    /reject NUMBER REASON — rechazar (o quitar) la afirmación NUMBER y explicar el motivo a quien la escribió
    /moderation SLUG STAGE strict|lenient|off — cambiar la moderación de una etapa de afirmaciones
help-coordinator =
    Comandos para coordinadores:
    /export csv SLUG — obtener todas las respuestas en un archivo CSV

## Organizadores y coordinadores

role-refused = Lo siento, este comando es solo para { $role ->
        [organizer] organizadores
       *[coordinator] coordinadores
    }.
usage-slug = Por favor, añade el nombre corto de la consulta, por ejemplo: { $example }
consultation-unknown = No conozco ninguna consulta llamada «{ $slug }».
upload-not-toml = Por favor, envía la consulta como archivo .toml.
upload-too-big = Este archivo es demasiado grande. Un archivo de consulta puede tener como máximo { $limit } KB.
upload-unreadable = No he podido leer este archivo. Por favor, guárdalo como texto UTF-8 y envíalo de nuevo.
upload-invalid = He encontrado { $count ->
        [one] un problema
        [many] { $count } de problemas
       *[other] { $count } problemas
    } en { $file }:
upload-saved = He guardado «{ $slug }» como borrador, con { $questions ->
        [one] una pregunta
        [many] { $questions } de preguntas
       *[other] { $questions } preguntas
    } en { $languages ->
        [one] un idioma
        [many] { $languages } de idiomas
       *[other] { $languages } idiomas
    }. Ábrela con /open { $slug }.
upload-locked = «{ $slug }» ya está { $status }. Ciérrala y sube el archivo con un nombre corto nuevo.
consultation-opened = «{ $slug }» está abierta. Comparte el enlace de invitación: { $link }
consultation-closed = «{ $slug }» está cerrada. Los participantes ya no pueden responder.
consultation-already = «{ $slug }» ya está { $status }.
invite-link = Enlace de invitación para «{ $slug }»: { $link }
consultations-none = Todavía no hay consultas. Envía un archivo de consulta para crear una.
consultations-line = { $slug } — { $status } — { $participants ->
        [one] un participante
        [many] { $participants } de participantes
       *[other] { $participants } participantes
    }
status-draft = en borrador
status-open = abierta
status-closed = cerrada
export-caption = Todas las respuestas de «{ $slug }»: { $answers ->
        [one] una respuesta
        [many] { $answers } de respuestas
       *[other] { $answers } respuestas
    }.
export-summary-caption = Resumen de «{ $slug }»: recuentos y porcentajes por pregunta, afirmaciones con sus votos, antes y después ({ $answers ->
        [one] una respuesta
       *[other] { $answers } respuestas
    }).
export-usage = Uso: /export csv SLUG (todas las respuestas) o /export summary SLUG (recuentos, afirmaciones y sus votos)
error-try-later = Algo ha fallado por nuestra parte. Tu última respuesta está a salvo. Por favor, vuelve a intentarlo en un minuto.
