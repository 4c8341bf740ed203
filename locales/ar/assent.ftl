# نصوص واجهة assent نفسها. يجب أن تحتوي كل لغة أخرى على كل رسالة هنا
# (يتحقق من ذلك اختبار). تُمرَّر الأعداد كأرقام لكي تعمل محددات الجمع.
# اجعل الرسائل قصيرة وبسيطة: يجب أن يفهمها طفل عمره 12 عامًا.

## اختيار اللغة

language-propose = هل نكمل بالعربية؟
language-choose = بأي لغة نتحدث؟
language-changed = من الآن سأكتب لك بالعربية. إجاباتك محفوظة.
language-button = العربية

## إشعار المشاركة

notice-heading = قبل أن نبدأ
notice-accept = أوافق، لنبدأ
notice-decline = لا، شكرًا
notice-declined = لا بأس. لم نحتفظ بأي شيء عنك سوى رمز غير مرتبط باسمك. إذا غيّرت رأيك، يمكنك إرسال /start.
notice-accepted = شكرًا لك. ستُحفظ إجاباتك تحت رمز، وليس مع اسمك أبدًا.

## التقدم والأسئلة

progress = السؤال { $current } من { $total }
stage-heading = الجزء { $current } من { $total }: { $title }
stage-progress = الجزء { $current } من { $total }
stage-repeat-title = الأسئلة نفسها مرة أخرى: بعد القراءة والتصويت، هل تغيّر رأيك؟
answer-saved = تم الحفظ.
answer-recorded = إجابتك: { $answer }
answer-skipped = تخطيت هذا السؤال.
answer-none-chosen = لا شيء مما سبق
skip-button = تخطي هذا السؤال
multi-hint = { $max ->
        [zero] لا توجد خيارات هنا. يمكنك الضغط على «تم».
        [one] يُرجى اختيار خيار واحد، ثم الضغط على «تم».
        [two] يمكنك اختيار خيارين على الأكثر، ثم الضغط على «تم».
        [few] يمكنك اختيار { $max } خيارات على الأكثر، ثم الضغط على «تم».
        [many] يمكنك اختيار { $max } خيارًا على الأكثر، ثم الضغط على «تم».
       *[other] يمكنك اختيار { $max } خيار على الأكثر، ثم الضغط على «تم».
    }
multi-done = تم (اخترت { $count })
multi-too-few = { $min ->
        [zero] يمكنك اختيار أي عدد من الخيارات.
        [one] يُرجى اختيار خيار واحد على الأقل.
        [two] يُرجى اختيار خيارين على الأقل.
        [few] يُرجى اختيار { $min } خيارات على الأقل.
        [many] يُرجى اختيار { $min } خيارًا على الأقل.
       *[other] يُرجى اختيار { $min } خيار على الأقل.
    }
multi-too-many = { $max ->
        [zero] لا يمكنك اختيار أي خيار هنا. يُرجى إلغاء اختيارك أولًا.
        [one] يمكنك اختيار خيار واحد فقط. يُرجى إلغاء اختيارك أولًا.
        [two] يمكنك اختيار خيارين على الأكثر. يُرجى إلغاء أحد اختياراتك أولًا.
        [few] يمكنك اختيار { $max } خيارات على الأكثر. يُرجى إلغاء أحد اختياراتك أولًا.
        [many] يمكنك اختيار { $max } خيارًا على الأكثر. يُرجى إلغاء أحد اختياراتك أولًا.
       *[other] يمكنك اختيار { $max } خيار على الأكثر. يُرجى إلغاء أحد اختياراتك أولًا.
    }
text-hint = يُرجى كتابة إجابتك في رسالة (الحد الأقصى لعدد الأحرف: { $limit }).
text-too-long = عدد الأحرف في إجابتك { $length }، لكن الحد الأقصى { $limit }. يُرجى تقصيرها وإرسالها مرة أخرى.
text-empty = تبدو رسالتك فارغة. يُرجى كتابة إجابتك بالكلمات.

## تسميات مقياس ليكرت

likert5-1 = أعارض بشدة
likert5-2 = أعارض
likert5-3 = لا أوافق ولا أعارض
likert5-4 = أوافق
likert5-5 = أوافق بشدة
likert7-1 = أعارض بشدة
likert7-2 = أعارض
likert7-3 = أعارض إلى حد ما
likert7-4 = لا أوافق ولا أعارض
likert7-5 = أوافق إلى حد ما
likert7-6 = أوافق
likert7-7 = أوافق بشدة

## بطاقات المعلومات

info-for = حجج مؤيدة
info-against = حجج معارضة
info-link = اقرأ المزيد
info-next = التالي
info-card-progress = البطاقة { $current } من { $total }

## الختام

closing-default = شكرًا لمشاركتك!
closing-next = تم حفظ إجاباتك. سيشارك المنظمون النتائج عند انتهاء الاستشارة.
already-finished = لقد أجبت عن كل الأسئلة. شكرًا لك!


## المغادرة

forget-confirm = هل تريد الانسحاب وحذف كل إجاباتك في هذه الاستشارة؟ لا يمكن التراجع عن ذلك.
forget-yes = نعم، احذف إجاباتي
forget-no = لا، احتفظ بها
forget-done = تم: حُذفت إجاباتك والرابط مع هذه المحادثة. إذا أردت المشاركة مرة أخرى، افتح رابط الدعوة.
forget-kept = لم يُحذف شيء. أرسل /start للمتابعة.
forget-nothing = لا يوجد ما يُحذف: لا نحتفظ بأي إجابة لك.

## تلميحات عند وصول رسائل غير متوقعة

hint-use-buttons = يُرجى الإجابة باستخدام الأزرار الموجودة تحت السؤال.
hint-unsupported = هنا أستطيع قراءة الرسائل النصية والضغط على الأزرار فقط.
hint-edited = أحتفظ بالرسالة كما أرسلتها أول مرة. لتغيير إجابة، يُرجى إرسال رسالة جديدة.
hint-stale-button = هذا الزر تابع لرسالة سابقة. يُرجى استخدام أزرار آخر سؤال.
hint-finished-button = لقد انتهيت بالفعل. شكرًا لك!
hint-not-open = هذه الاستشارة غير مفتوحة الآن. لم تتغير إجاباتك.
hint-need-invite = للمشاركة، يُرجى فتح رابط الدعوة الذي وصلك من المنظِّمين.
hint-invalid-invite = رابط الدعوة هذا لا يعمل. يُرجى التأكد من نسخه كاملًا.
hint-text-not-expected = يُرجى استخدام الأزرار للمتابعة.

## الرجوع ومراجعة الإجابات

back-none = لا يوجد في هذا الجزء سؤال سابق يمكن الرجوع إليه.
answer-current = إجابتك الحالية: { $answer }
keep-button = الإبقاء على إجابتي
review-heading = يُرجى مراجعة إجاباتك. يمكنك تغيير أي منها قبل إرسالها.
review-change = ✏️ { $number }
review-submit = إرسال إجاباتي ✓
review-not-answered = (لم تُجب عنه)
review-skipped = (تم تخطيه)
review-after = (بعد النقاش)

## أنواع أخرى من الأسئلة

scale-ends = { $min } = { $minLabel } · { $max } = { $maxLabel }
ranking-hint = يُرجى الضغط على الخيارات بالترتيب، من الخيار الذي تفضّله أكثر إلى الخيار الذي تفضّله أقل.
ranking-reset = البدء من جديد
number-hint = يُرجى كتابة رقم من { $min } إلى { $max }.
number-invalid = لم أتمكن من قراءة هذا كرقم. يُرجى كتابة رقم، مثلًا: { $example }.
number-not-whole = يُرجى كتابة عدد صحيح، من دون كسور.
number-out-of-range = يُرجى كتابة رقم من { $min } إلى { $max }.

## العبارات

deck-intro = اقرأ كل عبارة، ثم أخبرنا إن كنت توافق عليها أم لا. وإذا لم تكن متأكدًا، اضغط على «لست متأكدًا».
deck-intro-write = هل هناك شيء ناقص؟ أرسل عبارتك الخاصة في رسالة (الحد الأقصى لعدد الأحرف: { $limit }). سيصوّت الآخرون عليها.
deck-card-progress = العبارة { $current } من { $total } كحد أقصى
vote-agree = أوافق
vote-disagree = لا أوافق
vote-pass = لست متأكدًا
vote-recorded = صوتك: { $vote }
vote-saved = تم حفظ صوتك
vote-changed = تم تغيير صوتك
vote-unchanged = هذا الصوت محفوظ بالفعل
deck-finish = انتهيت من العبارات →
deck-write = ✍️ اكتب عبارة
deck-write-prompt = أرسل عبارتك الآن في رسالة: جملة قصيرة (الحد الأقصى لعدد الأحرف: { $limit }).
deck-empty = لا توجد عبارات أخرى لك الآن.
deck-limit = هذه كل العبارات المخصصة لك. شكرًا لك!
deck-continue = متابعة →
statement-written-in = (لغة الكتابة: { $language })
language-name-en = الإنجليزية
language-name-es = الإسبانية
language-name-fr = الفرنسية
language-name-ar = العربية
statement-withdrawn = سُحبت هذه العبارة.
statement-closed = لا يقبل هذا الجزء عبارات جديدة. يُرجى استخدام الأزرار.
statement-empty = عبارتك فارغة. يُرجى كتابة جملة قصيرة.
statement-too-short = هذا قصير جدًا ليصوّت عليه الآخرون. يرجى كتابة جملة قصيرة.
statement-too-long = عدد الأحرف في عبارتك { $length }، لكن الحد الأقصى { $limit }. يُرجى تقصيرها وإرسالها مرة أخرى.
statement-limit = { $max ->
        [zero] لا يمكن كتابة عبارات هنا. يُرجى التصويت على عبارات الآخرين.
        [one] لقد كتبت عبارة واحدة هنا، شكرًا لك! يُرجى الآن التصويت على عبارات الآخرين.
        [two] لقد كتبت عبارتين هنا، شكرًا لك! يُرجى الآن التصويت على عبارات الآخرين.
        [few] لقد كتبت { $max } عبارات هنا، شكرًا لك! يُرجى الآن التصويت على عبارات الآخرين.
        [many] لقد كتبت { $max } عبارةً هنا، شكرًا لك! يُرجى الآن التصويت على عبارات الآخرين.
       *[other] لقد كتبت { $max } عبارة هنا، شكرًا لك! يُرجى الآن التصويت على عبارات الآخرين.
    }
statement-duplicate = توجد هنا عبارة مشابهة جدًا: «{ $existing }». يمكنك التصويت عليها بدلًا من ذلك.
statement-duplicate-pending = أُرسلت عبارة مشابهة جدًا من قبل، وهي بانتظار المراجعة.
statement-duplicate-rejected = سبق أن رفض أحد المشرفين عبارة مشابهة جدًا، لذا لا يمكن إرسالها مرة أخرى.
statement-duplicate-own = سبق أن أرسلت عبارة مشابهة جدًا: «{ $existing }».
statement-received-strict = شكرًا لك! سيراجع أحد المشرفين عبارتك قبل أن يراها الآخرون. سأخبرك عندما يُتخذ القرار.
statement-received-lenient = شكرًا لك! يمكن للآخرين الآن التصويت على عبارتك. وقد يحذفها أحد المشرفين لاحقًا.
statement-received-off = شكرًا لك! يمكن للآخرين الآن التصويت على عبارتك.
statement-approved = قُبلت عبارتك، ويمكن للآخرين الآن التصويت عليها: «{ $statement }»
statement-rejected = لم تُقبل عبارتك: «{ $statement }»
statement-rejected-reason = لم تُقبل عبارتك: «{ $statement }». السبب: { $reason }
statement-removed = أزال أحد المشرفين عبارتك، ولم تعد أصواتها تُحتسب: «{ $statement }»
statement-removed-reason = أزال أحد المشرفين عبارتك، ولم تعد أصواتها تُحتسب: «{ $statement }». السبب: { $reason }

## الإشراف

moderate-empty = لا توجد عبارات بانتظار المراجعة.
moderate-card = العبارة #{ $id } · { $slug } · المرحلة «{ $stage }» · اللغة { $language } · { $remaining ->
        [zero] لا توجد عبارات بانتظار المراجعة
        [one] هذه آخر عبارة بانتظار المراجعة
        [two] عبارتان بانتظار المراجعة
        [few] { $remaining } عبارات بانتظار المراجعة
        [many] { $remaining } عبارةً بانتظار المراجعة
       *[other] { $remaining } عبارة بانتظار المراجعة
    }
moderate-approve = قبول ✓
moderate-reject = رفض ✗
moderate-reject-hint = للرفض مع ذكر السبب: /reject { $id } REASON
moderate-approved = تم قبول العبارة #{ $id }.
moderate-rejected = تم رفض العبارة #{ $id }.
moderate-already = سبق اتخاذ قرار بشأن العبارة #{ $id }.
moderate-unknown = لا توجد عبارة رقمها #{ $id } كتبها أحد المشاركين.
moderate-usage-reject = الاستخدام: /reject الرقم [السبب] (يُرسَل السبب إلى الكاتب إن وُجد)
moderation-usage = الاستخدام: /moderation SLUG STAGE strict|lenient|off
moderation-changed = المرحلة «{ $stage }» في «{ $slug }»: وضع الإشراف الآن { $mode }.
moderation-unknown-stage = لا توجد في «{ $slug }» مرحلة عبارات باسم «{ $stage }».

## المساعدة

help-citizen =
    أطرح أسئلة عن كيفية استخدام البيانات المتعلقة بمجتمعك.
    يمكنك الإجابة بالأزرار، أو بكتابة رسالة عندما أطلب منك ذلك.
    /start — المتابعة من حيث توقفت
    /language — تغيير اللغة
    /back — العودة إلى السؤال السابق
    /forget — الانسحاب وحذف إجاباتك
    /help — عرض هذه المساعدة
help-organizer =
    أوامر المنظِّمين:
    إرسال ملف استشارة بصيغة TOML كمستند — أتحقق منه وأحفظه كمسودة
    /consultations — عرض قائمة الاستشارات
    /open SLUG — فتح استشارة
    /close SLUG — إغلاق استشارة
    /invite SLUG — الحصول على رابط الدعوة
    /moderate — مراجعة العبارات التي كتبها المشاركون، واحدة تلو الأخرى
    /reject NUMBER REASON — رفض العبارة رقم NUMBER (أو حذفها)، مع إخبار كاتبها بالسبب
    /moderation SLUG STAGE strict|lenient|off — تغيير وضع الإشراف في مرحلة عبارات
help-coordinator =
    أوامر المنسِّقين:
    /export csv SLUG — الحصول على كل الإجابات في ملف CSV

## المنظِّمون والمنسِّقون

role-refused = عذرًا، هذا الأمر { $role ->
        [organizer] للمنظِّمين
       *[coordinator] للمنسِّقين
    } فقط.
usage-slug = يُرجى إضافة الاسم المختصر للاستشارة، مثلًا: { $example }
consultation-unknown = لا أعرف استشارة باسم «{ $slug }».
upload-not-toml = يُرجى إرسال الاستشارة كملف بصيغة TOML.
upload-too-big = هذا الملف كبير جدًا. الحد الأقصى لحجم ملف الاستشارة هو { $limit } كيلوبايت.
upload-unreadable = لم أتمكن من قراءة هذا الملف. يُرجى حفظه كنص بترميز UTF-8 وإرساله مرة أخرى.
upload-invalid = { $count ->
        [zero] لم أجد أي مشكلة في { $file }:
        [one] وجدت مشكلة واحدة في { $file }:
        [two] وجدت مشكلتين في { $file }:
        [few] وجدت { $count } مشكلات في { $file }:
        [many] وجدت { $count } مشكلةً في { $file }:
       *[other] وجدت { $count } مشكلة في { $file }:
    }
upload-saved = حفظت الاستشارة «{ $slug }» كمسودة { $questions ->
        [zero] بلا أسئلة
        [one] بسؤال واحد
        [two] بسؤالين
        [few] بـ{ $questions } أسئلة
        [many] بـ{ $questions } سؤالًا
       *[other] بـ{ $questions } سؤال
    } { $languages ->
        [zero] بلا أي لغة
        [one] بلغة واحدة
        [two] بلغتين
        [few] في { $languages } لغات
        [many] في { $languages } لغةً
       *[other] في { $languages } لغة
    }. يمكنك فتحها باستخدام /open { $slug }.
upload-locked = الاستشارة «{ $slug }» { $status } بالفعل. يُرجى إغلاقها ورفع الملف باسم مختصر جديد.
consultation-opened = الاستشارة «{ $slug }» مفتوحة الآن. يمكنك مشاركة رابط الدعوة: { $link }
consultation-closed = الاستشارة «{ $slug }» مغلقة الآن. لم يعد بإمكان المشاركين الإجابة.
consultation-already = الاستشارة «{ $slug }» { $status } بالفعل.
invite-link = رابط الدعوة إلى «{ $slug }»: { $link }
consultations-none = لا توجد استشارات بعد. يمكنك إرسال ملف استشارة لإنشاء واحدة.
consultations-line = { $slug } — { $status } — { $participants ->
        [zero] لا مشاركين
        [one] مشارك واحد
        [two] مشاركان
        [few] { $participants } مشاركين
        [many] { $participants } مشاركًا
       *[other] { $participants } مشارك
    }
status-draft = مسودة
status-open = مفتوحة
status-closed = مغلقة
export-caption = كل الإجابات على «{ $slug }»: { $answers ->
        [zero] لا إجابات
        [one] إجابة واحدة
        [two] إجابتان
        [few] { $answers } إجابات
        [many] { $answers } إجابةً
       *[other] { $answers } إجابة
    }.
export-summary-caption = ملخص «{ $slug }»: الأعداد والنسب لكل سؤال، والعبارات مع أصواتها، قبل النقاش وبعده (عدد الإجابات: { $answers }).
export-usage = الاستخدام: /export csv SLUG (كل الإجابات) أو /export summary SLUG (الأعداد والعبارات وأصواتها)
error-try-later = حدث خطأ من جهتنا. إجابتك الأخيرة محفوظة. يُرجى المحاولة مرة أخرى بعد دقيقة.
