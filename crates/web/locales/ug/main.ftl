### Quietline reporting line: Uyghur (ئۇيغۇرچە), Arabic script (UEY), right to left.
### Every user-visible string of the reporter pages. Keys are identical in every language (a test
### checks it). Plain words: readers may be frightened. Numbers stay in Western digits (0-9), as in
### everyday Uyghur writing; "family in China" is rendered "family in the homeland" (ۋەتەندىكى),
### and China itself as خىتاي, the word diaspora media (RFA, VOA) use.
### Review: not yet reviewed by a native speaker (drafted by the Quietline team, who are not native speakers; have it checked before relying on it).

## About this language
language-name = ئۇيغۇرچە
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = rtl
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = unreviewed

## Every page
site-name = Quietline
site-tagline = چەتئەللەردىكى خىتاي «ساقچى پونكىتلىرى»نىڭ بېسىمىنى بىخەتەر مەلۇم قىلىش يولى
quick-exit = تېز چىقىش
quick-exit-help = بۇ تور بېكەتتىن دەرھال چىقىپ، مۇناسىۋەتسىز بىر بەتكە ئۆتىدۇ.
skip-to-content = ئاساسلىق مەزمۇنغا ئاتلاش
nav-home = باش بەت
nav-report = مەلۇم قىلىش
nav-return = تىلخىتىم بار
choose-language = تىل
footer-privacy = بۇ تور بېكەت IP ئادرېسىڭىزنى ۋە توركۆرگۈڭىز ھەققىدىكى ئۇچۇرلارنى ساقلىمايدۇ، ئىز قوغلايدىغان cookie ئىشلەتمەيدۇ. ئۇ باشقا تور بېكەتلەردىن ھېچنېمە يۈكلىمەيدۇ.

## Language chooser (/)
chooser-title = تىلىڭىزنى تاللاڭ
chooser-intro = ئۆز تىلىڭىزدا، ئىسمىڭىزنى بەرمەي، بىخەتەر مەلۇم قىلىڭ.

## Landing page
landing-title = بىخەتەر ۋە نامسىز مەلۇم قىلىش
landing-intro = بۇ سۇپا ئىككى خىل كىشى ئۈچۈن: چەتئەلدىكى خىتاي «ساقچى مۇلازىمەت پونكىتى» ھەققىدە بىر نەرسە بىلىدىغانلار؛ ۋە شۇنداق پونكىتلارغا مۇناسىۋەتلىك كىشىلەر تەرىپىدىن تەھدىت، پاراكەندىچىلىك ياكى بېسىمغا ئۇچرىغانلار، مەسىلەن ۋەتەندىكى ئائىلە-تاۋابىئاتلىرى ئارقىلىق. تەكشۈرگۈچىلەر بۇ مەلۇماتلار ئارقىلىق زادى نېمە ئىش بولۇۋاتقانلىقىنى چۈشىنىدۇ ۋە كىشىلەرنى قوغدايدۇ.
landing-what-happens-title = مەلۇماتىڭىز قانداق بىر تەرەپ قىلىنىدۇ
landing-what-happens-1 = سىز بىر جەدۋەل تولدۇرىسىز. پەقەت بىرىنچى سوئال بىلەن ئۆز بايانىڭىزلا مەجبۇرىي. ئىسمىڭىزنى بېرىشىڭىز شەرت ئەمەس.
landing-what-happens-2 = مەلۇماتىڭىز يېتىپ كېلىشى بىلەنلا، پەقەت تەكشۈرگۈچىلەردىلا بار ئاچقۇچلار بىلەن قۇلۇپلىنىدۇ (شىفىرلىنىدۇ). شۇنىڭدىن كېيىن مۇلازىمېتىرنىڭ ئۆزىمۇ ئۇنى ئوقۇيالمايدۇ.
landing-what-happens-3 = سىز بىر تىلخەت ئالىسىز: 20 خانىلىق سان. ئۇنىڭ بىلەن قايتىپ كېلىپ، تەكشۈرگۈچىلەرنىڭ سوئالى بار-يوقلۇقىنى كۆرەلەيسىز، جاۋاب بېرەلەيسىز ۋە ھۆججەت قوشالايسىز.
landing-what-happens-4 = تەكشۈرگۈچىلەر مەلۇماتنى ئوقۇيدۇ. ئۇنى پەقەت سىز قوشۇلسىڭىزلا ساقچىغا ياكى ھەمكارلاشقۇچى تەشكىلاتلارغا يەتكۈزىدۇ.
landing-stored-title = نېمىلەر ساقلىنىدۇ، نېمىلەر ساقلانمايدۇ
landing-stored-yes = ھەمىشە شىفىرلانغان ھالدا ساقلىنىدۇ: جاۋابلىرىڭىز، ھۆججەتلىرىڭىز ۋە ئۇچۇرلىرىڭىز.
landing-stored-meta = شىفىرلانماي ساقلىنىدۇ: مەلۇماتىڭىز يېتىپ كەلگەن كۈن (سائىتى ئەمەس)، ئۇنىڭ ھالىتى ۋە چوڭلۇقى.
landing-stored-no = ھەرگىز ساقلانمايدۇ: IP ئادرېسىڭىز، توركۆرگۈڭىز ياكى ئۈسكۈنىڭىز، قايسى سائەتتە كەلگەنلىكىڭىز، تىلخىتىڭىز.
landing-safety-title = بىخەتەرلىكىڭىزنى ساقلاڭ
landing-safety-device = باشقىلار تەكشۈرمەيدىغان ئۈسكۈنە ۋە تور ئىشلىتىڭ: خىزمەت ئورنىدىكى كومپيۇتېرنى، باشقىلار بىلەن ئورتاق ئىشلىتىدىغان تېلېفوننى ياكى سىز ئىشەنمەيدىغان بىرەرسى بەرگەن ئۈسكۈنىنى ئىشلەتمەڭ.
landing-safety-tor = ئىمكانىيىتىڭىز بولسا، Tor Browser نى ئىشلىتىڭ (torproject.org). ئۇ قەيەردىن ئۇلانغانلىقىڭىزنى يوشۇرىدۇ. بۇ تور بېكەت JavaScript تاقالغان ھالەتتىمۇ («Safest» دەرىجىسى) تولۇق ئىشلەيدۇ.
landing-safety-wechat = مەلۇماتىڭىز توغرۇلۇق ئۈندىدار (WeChat) ياكى نازارەت قىلىنىشى مۇمكىن بولغان باشقا ئەپلەردە سۆزلەشمەڭ.
landing-safety-exit = بەتنىڭ ئۈستىدىكى «تېز چىقىش» ئۇلىنىشى بۇ تور بېكەتتىن دەرھال چىقىدۇ، لېكىن كۆرگەن بەتلەر تارىخىنى ئۆچۈرمەيدۇ: توركۆرگۈنى تاقاڭ ياكى Tor Browser دىكى «New identity» (يېڭى كىملىك) ئىقتىدارىنى ئىشلىتىڭ.
landing-emergency-title = جىددىي ئەھۋالدا
landing-emergency-text = ئەگەر ھازىرلا خەۋپ ئاستىدا بولسىڭىز، دەرھال يەرلىك جىددىي قۇتقۇزۇش نومۇرىغا تېلېفون قىلىڭ: ياۋروپا ۋە تۈركىيەدە 112، شىمالىي ئامېرىكىدا 911، ئەنگلىيەدە 999، ئاۋسترالىيەدە 000. بۇ سۇپىغا كېچە-كۈندۈز ئادەم قاراپ تۇرمايدۇ.
landing-start = مەلۇم قىلىش
landing-return = مەندە ئاللىقاچان تىلخەت بار

## The report form
form-title = مەلۇم قىلىش
form-intro = پەقەت «مەجبۇرىي» دەپ بەلگە قويۇلغان سوئاللارغىلا جاۋاب بېرىش كېرەك. بىلگىنىڭىزنى يېزىڭ، قالغىنىنى بوش قويۇڭ. خالىغان تىلدا يازسىڭىز بولىدۇ.
form-required = (مەجبۇرىي)
form-optional = (ئىختىيارىي)
form-submit = مەلۇماتنى شىفىرلاپ يوللاش
form-submit-help = Tor ئارقىلىق يوللاش، بولۇپمۇ ھۆججەتلەر چوڭ بولسا، بىر ئاز ۋاقىت ئالىدۇ. تىلخىتىڭىزنى كۆرگۈچە ساقلاڭ.
form-not-open = بۇ سۇپا تېخى مەلۇمات قوبۇل قىلمايدۇ. كېيىنرەك قايتا كېلىڭ.
form-errors-title = تۆۋەندىكى جاۋابلارنى تەكشۈرۈپ بېقىڭ
form-files-not-kept = سىز تاللىغان ھۆججەتلەر ساقلانمىدى. يوللاشتىن بۇرۇن ئۇلارنى قايتا تاللاڭ.
form-session-expired = بىخەتەرلىكىڭىز ئۈچۈن بۇ جەدۋەلنىڭ ۋاقتى ئۆتۈپ كەتكەن. جاۋابلىرىڭىز تۆۋەندە: تەكشۈرۈپ، قايتا يوللاڭ.
form-already-received = بۇ مەلۇمات تاپشۇرۇۋېلىنغان. تىلخىتىڭىز يوللىغاندىن كېيىنكى بەتتە بىرلا قېتىم كۆرسىتىلگەن.

subject-legend = مەلۇماتىڭىز نېمە ھەققىدە؟
subject-station_information = بىر پونكىت ياكى باشقا بىر جاي ھەققىدىكى ئۇچۇر
subject-happened_to_me = ئۆزۈمنىڭ بېشىغا كەلگەن بىر ئىش
subject-happened_to_someone = تونۇيدىغان بىرەرسىنىڭ ياكى ئائىلەمنىڭ بېشىغا كەلگەن بىر ئىش

incident-legend = نېمە ئىش يۈز بەردى؟
incident-help = ماس كېلىدىغانلارنىڭ ھەممىسىنى تاللاڭ.
incident-threats = تەھدىت ياكى قورقۇتۇش
incident-harassment = پاراكەندىچىلىك
incident-surveillance = نازارەت قىلىنىش، ئىز قوغلىنىش ياكى رەسىمگە تارتىلىش
incident-family_pressure = ۋەتەندىكى ئائىلىگە بېسىم (تەھدىت، ئۆيىگە كېلىش، تۇتۇپ تۇرۇش، خىزمىتى، پېنسىيەسى، ئوقۇشى ياكى پاسپورتىدىن ئايرىلىش)
incident-family_detained = ۋەتەندىكى بىر تۇغقىنىم تۇتۇلدى، تۈرمىگە سولاندى ياكى لاگېرغا ئېلىپ كېتىلدى، ياكى ئۇنىڭ بىلەن ئالاقىلىشالمايمەن
incident-persuaded_to_return = ۋەتەنگە قايتىشقا «قايىل قىلىنىش» ياكى بۇيرۇلۇش
incident-online_contact = تور ئارقىلىق ئالاقىلىشىش (ئۈندىدار ياكى باشقا ئەپلەر، تېلېفون)
incident-in_person_approach = ئەمەلدارلار، ئاگېنتلار ياكى ئۇلار ئۈچۈن ئىشلەيدىغان كىشىلەرنىڭ يۈزتۇرانە ئۇچرىشىشى
incident-pressure_to_inform = باشقىلار ھەققىدە ئۇچۇر توپلاپ بېرىشكە بېسىم قىلىنىش (جامائەت تەشكىلاتلىرى، ئىبادەت سورۇنلىرى، نامايىشلار)
incident-digital_attack = تور ھۇجۇمى (خاككېرلىق، ئالدامچى ئۇلىنىشلار، سىزنىڭ نامىڭىزدا ئۆزىنى كۆرسىتىش، شەخسىي ئۇچۇرلارنى ئاشكارىلاش)
incident-bounty_or_smear = سىزنى تۇتۇش ئۈچۈن مۇكاپات پۇلى ياكى «ئىزدەش ئۇقتۇرۇشى» چىقىرىلىش، ياكى قارىلاش ھەرىكىتى (قوشنىلار ياكى خوجايىنىڭىزغا خەت، ھۆكۈمەت تاراتقۇلىرىدىكى سىنلار، بەزىدە ئۆز تۇغقانلىرىڭىز بىلەن)
incident-station_activity = پونكىتقا بېرىش ياكى پونكىتتىكى پائالىيەتلەر
incident-document_control = پاسپورت ياكى ھۆججەتلەرنى بېرىشنى رەت قىلىش، تارتىۋېلىش، ئەمەلدىن قالدۇرۇش ياكى يېڭىلاپ بەرمەسلىك (مەسىلەن: «يېڭىلاش ئۈچۈن ۋەتەنگە قايتىڭ»)؛ كونسۇلخانا مۇلازىمىتىنى رەت قىلىش
incident-legal_pressure = قانۇننى قالايمىقان ئىشلىتىش: قولغا ئېلىش بۇيرۇقى، ئىنتېرپول ئۇقتۇرۇشى، ئۆتكۈزۈپ بېرىش ياكى دۆلەتتىن قوغلاپ چىقىرىش تەلىپى
incident-physical_harm = زوراۋانلىق، تۇتۇپ تۇرۇش ياكى بىرەرسىنى ئېلىپ كېتىشكە ئۇرۇنۇش
incident-other = باشقا ئىش
incident-other-label = ئەگەر باشقا ئىش بولسا، نېمە؟

demand-legend = سىزدىن نېمە تەلەپ قىلىندى (ئەگەر بولسا)؟
demand-return = ۋەتەنگە قايتىش
demand-silence = جىم تۇرۇش ياكى بىرەر پائالىيەتنى توختىتىش
demand-informing = باشقىلار ھەققىدە ئۇچۇر توپلاپ بېرىش
demand-delete_content = يازما، ماقالە ياكى باشقا مەزمۇنلارنى ئۆچۈرۈش
demand-personal_information = شەخسىي ئۇچۇرلىرىڭىزنى ئەۋەتىش (كىملىك ياكى پاسپورت كۆپەيتمىسى، ئادرېس، رەسىم، خىزمەت ئورنى ياكى مەكتەپ)
demand-other = باشقا ئىش
demand-nothing = ھېچنېمە، ياكى بىلمەيمەن
demand-other-label = ئەگەر باشقا ئىش بولسا، نېمە؟

when-legend = قاچان يۈز بەردى؟
when-exact = كۈنىنى ئېنىق بىلىمەن
when-month = قايسى ئاي ئىكەنلىكىنى بىلىمەن
when-approximate = تەخمىنەن بىلىمەن
when-unknown = بىلمەيمەن، ياكى دېگۈم يوق
when-date-label = چېسلا (يىل-ئاي-كۈن، مەسىلەن 2024-03-17)
when-month-label = ئاي (يىل-ئاي، مەسىلەن 2024-03)
when-approximate-label = تەخمىنەن قاچان (مەسىلەن «2023-يىلى ئەتىيازدا»)
when-ongoing = ھازىرمۇ داۋاملىشىۋاتىدۇ

where-legend = قەيەردە؟
country-label = دۆلەت ياكى رايون
country-choose = دۆلەت ياكى رايون تاللاڭ
country-other = باشقا دۆلەت ياكى رايون (تۆۋەنگە يېزىڭ)
country-other-label = باشقا دۆلەت ياكى رايون
city-label = شەھەر ياكى بازار
place-kind-label = ئۇ قانداق جاي؟
place-kind-none = مەلۇم بىر جاي ئەمەس، ياكى بىلمەيمەن
place-kind-station = «ساقچى مۇلازىمەت پونكىتى» ياكى شۇنىڭغا ئوخشاش ئىشخانا
place-kind-association_office = بىر جەمئىيەتنىڭ ئىشخانىسى (يۇرتداشلار، سودىگەرلەر ياكى مەدەنىيەت جەمئىيىتى)
place-kind-business = سودا ئورنى (ئاشخانا، دۇكان، ساياھەت شىركىتى)
place-kind-residence = شەخسىي ئۆي
place-kind-online = پەقەت توردا
place-kind-other = باشقا جاي
place-name-label = پونكىت ياكى جاينىڭ نامى
place-address-label = ئۇنىڭ ئادرېسى

people-legend = ئالاقىدار كىشىلەر
people-help = ئەمەلدارلار، ئاگېنتلار، ۋاسىتىچىلەر ياكى بېسىمغا ئۇچرىغان ئائىلە تاۋابىئاتلىرى. بىلگىنىڭىزنى يېزىڭ؛ ھەممە كاتەكلەر ئىختىيارىي.
person-legend = { $number }-كىشى
person-names-label = ئىسىملار، ھەر قانداق يېزىقتا (ھەر قۇرغا بىرنى، ياكى / بىلەن ئايرىپ)
person-names-help = مەسىلەن: ئەخمەت / Exmet / 艾合买提
person-role-label = بۇ كىشىنىڭ رولى
person-role-none = بىلسىڭىز، تاللاڭ
role-official_or_agent = ئەمەلدار ياكى ئاگېنت
role-intermediary = ۋاسىتىچى ياكى ئۇلار ئۈچۈن ئىشلەيدىغان كىشى
role-family_member = ئائىلە تاۋابىئاتى
role-minder = سىزنى، ئائىلىڭىزنى ياكى جامائىتىڭىزنى ھۆكۈمەت ئۈچۈن كۆزىتىپ تۇرىدىغان «نازارەتچى»
role-other = باشقا بىرى، ياكى بىلمەيمەن
person-phones-label = تېلېفون نومۇرلىرى (پەش بىلەن ئايرىپ)
person-wechat-label = ئۈندىدار (WeChat) ھېساباتلىرى
person-emails-label = ئېلخەت ئادرېسلىرى
person-accounts-label = باشقا ھېساباتلار (ئەپلەر، ئىجتىمائىي تاراتقۇلار)
person-description-label = تەسۋىرى (قىياپىتى، ماشىنىسى، نېمە دېگەنلىكى)
people-more = يەنە كىشى قوشۇش
org-legend = تىلغا ئېلىنغان ئورگان ۋە تەشكىلاتلار
org-help = مەسىلەن، جامائەت خەۋپسىزلىك ئىدارىسى، بىر جەمئىيەت ياكى بىر شىركەت.
org-item-legend = { $number }-تەشكىلات
org-name-label = نامى
org-details-label = ئۇ ھەقتە بىلىدىغانلىرىڭىز
orgs-more = يەنە تەشكىلات قوشۇش

actions-legend = ھازىرغىچە نېمىلەرنى قىلدىڭىز؟
police-report-label = بۇ ئىشنى ساقچىغا مەلۇم قىلدىم
police-reference-label = ساقچى دېلو نومۇرى (بولسا)
other-organisations-label = يەنە قايسى تەشكىلاتلارغا ئېيتتىم (ئىختىيارىي)

narrative-legend = ئۆز سۆزىڭىز بىلەن
narrative-label = نېمە ئىش يۈز بەردى؟ خالىغان تىلدا، ئۆز سۆزىڭىز بىلەن بايان قىلىڭ.
narrative-help = ئەڭ كۆپ { $max } ھەرپ. مۇھىم دەپ قارىغانلىرىڭىزنى يېزىڭ: كىم، نېمە، قاچان، قەيەردە، ۋە بۇنى قانداق بىلدىڭىز.

files-legend = ھۆججەتلەر
files-label = رەسىملەر، ئېكران رەسىملىرى، ئۈن-سىن خاتىرىلىرى، ھۆججەتلەر
files-help = بىر قانچە ھۆججەت تاللىسىڭىز بولىدۇ. ھەر بىر ھۆججەت ئەڭ كۆپ { $file_limit }، جەمئىي ئەڭ كۆپ { $report_limit }. ھۆججەتلەردە سىز ھەققىدىكى يوشۇرۇن ئۇچۇرلار بولۇشى مۇمكىن (مەسىلەن، رەسىم تارتىلغان جاي)؛ قولىڭىزدىن كەلسە، ئۇلارنى ئۆچۈرۈڭ.

consent-legend = سىزنىڭ تاللىشىڭىز
consent-help = ھەر بىرى ئايرىم. ھەممىسىنى رەت قىلسىڭىزمۇ بولىدۇ؛ مەلۇماتىڭىز يەنىلا قوبۇل قىلىنىدۇ.
consent-follow_up = تەكشۈرگۈچىلەر بۇ يەردە ماڭا سوئال سورىسا بولىدۇ (تىلخىتىم بىلەن قايتىپ كېلىمەن)
consent-share_police = مەلۇماتىمنى ساقچىغا بەرسە بولىدۇ
consent-share_partners = مەلۇماتىمنى ھەمكارلاشقۇچى كىشىلىك ھوقۇق تەشكىلاتلىرىغا بەرسە بولىدۇ
consent-statistics = مەلۇماتىمنى نامسىز ستاتىستىكىغا كىرگۈزسە بولىدۇ

contact-legend = ئالاقىلىشىش ئۇچۇرى
contact-label = خالىسىڭىز، سىز بىلەن قانداق ئالاقىلىشالايمىز (باشقا ھەممە نەرسىگە ئوخشاش شىفىرلىنىدۇ)
contact-help = ئىختىيارىي. نامسىز قېلىش ئۈچۈن بوش قويۇڭ. پەقەت باشقىلار نازارەت قىلالمايدىغان ئالاقە ئۇسۇلىنىلا بېرىڭ.

## Errors in form fields
error-required = بۇ سوئالغا جاۋاب بېرىڭ.
error-too-long = بۇ جاۋاب بەك ئۇزۇن: ئەڭ كۆپ { $max } ھەرپ.
error-invalid-choice = بېرىلگەن تاللاشلارنىڭ بىرىنى تاللاڭ.
error-invalid-date = چېسلانى يىل-ئاي-كۈن شەكلىدە يېزىڭ، مەسىلەن 2024-03-17.
error-invalid-month = ئاينى يىل-ئاي شەكلىدە يېزىڭ، مەسىلەن 2024-03.
error-future-date = بۇ چېسلا كەلگۈسىدە.
error-field-message = ئۇچۇرىڭىز

## The receipt page
receipt-title = مەلۇماتىڭىز تاپشۇرۇۋېلىندى
receipt-intro = رەھمەت. مەلۇماتىڭىز شىفىرلاندى، ئۇنى پەقەت تەكشۈرگۈچىلەرلا ئوقۇيالايدۇ.
receipt-label = تىلخىتىڭىز
receipt-keep = بۇ تىلخەتنى قەغەزگە يېزىۋېلىڭ ياكى يادلىۋېلىڭ، ھەمدە بىخەتەر ساقلاڭ. ئۇ پەقەت مۇشۇ بىر قېتىملا كۆرسىتىلىدۇ: ھېچ يەردە ساقلانمايدۇ، يوقالسا قايتا تاپقىلى بولمايدۇ.
receipt-warning = بۇ تىلخەت كىمنىڭ قولىدا بولسا، ئۇ تەكشۈرگۈچىلەرنىڭ سىزگە يازغان ئۇچۇرلىرىنى ئوقۇيالايدۇ. ئۇنى باشقىلار تەكشۈرەلەيدىغان ئۈسكۈنىدە ساقلىماڭ، ھېچكىمگە ئەۋەتمەڭ.
receipt-return = بىر نەچچە كۈندىن كېيىن تىلخىتىڭىز بىلەن قايتىپ كېلىپ، تەكشۈرگۈچىلەرنىڭ سوئالى بار-يوقلۇقىنى كۆرۈڭ: باش بەتتىكى «تىلخىتىم بار» نى بېسىڭ.
receipt-done = تىلخىتىمنى ساقلىۋالدىم
receipt-exit-ask = تىلخىتىڭىز قايتا كۆرسىتىلمەيدۇ. ئۇنى يېزىۋالغان ياكى ئۇنىڭغا ئېھتىياجىڭىز بولمىسا ئاندىن ئايرىلىڭ.
receipt-exit-now = ھازىرلا ئايرىلىش
receipt-leave-label = بۇ بەتتىن ئايرىلىش ئۈچۈن تىلخىتىڭىزنىڭ ئاخىرقى تۆت رەقىمىنى كىرگۈزۈڭ: بۇ ئۇنىڭ سىزدە بارلىقىنى جەزملەيدۇ.
receipt-leave-hint = يۇقىرىدىكى تىلخەتنىڭ ئاخىرقى تۆت رەقىمى

## Coming back with a receipt
return-title = تىلخىتىڭىز بىلەن قايتىپ كىرىش
return-intro = تىلخىتىڭىزدىكى 20 خانىلىق ساننى كىرگۈزۈڭ. ئارىسىدا بوشلۇق ياكى سىزىقچە بولسا مەيلى.
return-label = تىلخەت
return-submit = ئېچىش
return-format-error = تىلخەت 20 خانىلىق سان بولىدۇ. كىرگۈزگىنىڭىزنى تەكشۈرۈپ بېقىڭ.
return-rejected = بۇ تىلخەت بىلەن ھېچقانداق مەلۇماتنى ئاچقىلى بولمىدى. رەقەملەرنى تەكشۈرۈپ، قايتا سىناڭ.
return-throttled = ھازىر بۇ تور بېكەتتە سىناشلار بەك كۆپ. بىر مىنۇت ساقلاپ، قايتا سىناڭ.
return-expired = كىرىش ۋاقتىڭىز توشتى. تىلخىتىڭىزنى قايتا كىرگۈزۈڭ.

## The conversation
thread-title = مەلۇماتىڭىز
thread-received = تاپشۇرۇۋېلىنغان كۈن: { $day }
thread-status = ھالىتى: { $status }
thread-files = ھازىرغىچە يوللانغان ھۆججەتلەر: { $count }
thread-messages-title = ئۇچۇرلار
thread-no-messages = ھازىرچە ئۇچۇر يوق. تەكشۈرگۈچىلەر سىزگە بۇ يەردە يېزىشى مۇمكىن: كېيىنرەك قايتا كېلىڭ.
thread-from-you = سىز
thread-from-unverified = دەلىللىگىلى بولمىدى (تەكشۈرگۈچىلەردىن ئەمەس)
thread-from-investigators = تەكشۈرگۈچىلەر
thread-files-only = (ھۆججەت يوللاندى)
thread-reply-title = تەكشۈرگۈچىلەرگە يېزىش
thread-reply-label = ئۇچۇرىڭىز
thread-reply-files = ھۆججەت قوشۇش (ئىختىيارىي)
thread-reply-submit = شىفىرلاپ يوللاش
thread-reply-sent = ئۇچۇرىڭىز يوللاندى.
thread-leave = چىقىش
thread-leave-help = بۇ ئۈسكۈنىدىكى كىرىشىڭىزنى ئاخىرلاشتۇرىدۇ. تىلخىتىڭىز بىلەن قايتا كىرەلەيسىز.

status-new = تاپشۇرۇۋېلىندى، تېخى ئوقۇلمىدى
status-in_review = كۆرۈلۈۋاتىدۇ
status-waiting_for_reporter = تەكشۈرگۈچىلەر جاۋابىڭىزنى كۈتۈۋاتىدۇ
status-referred = سىزنىڭ ماقۇللۇقىڭىز بىلەن يەتكۈزۈلدى
status-closed = تاماملاندى
status-spam = تاماملاندى

## Error pages
error-not-found-title = بەت تېپىلمىدى
error-not-found-text = بۇ بەت مەۋجۇت ئەمەس. باش بەتكە قايتىڭ.
error-bad-request-title = جەدۋەلنى ئوقۇغىلى بولمىدى
error-bad-request-text = توركۆرگۈڭىز ئەۋەتكەن مەزمۇننى ئوقۇغىلى بولمىدى. ئالدىنقى بەتكە قايتىپ، قايتا سىناڭ.
error-too-large-title = بەك چوڭ
error-too-large-text = ھۆججەتلەر بۇ تور بېكەت قوبۇل قىلىدىغاندىن چوڭ: ھەر بىر ھۆججەت ئەڭ كۆپ { $file_limit }، جەمئىي ئەڭ كۆپ { $report_limit }. ئازراق ياكى كىچىكرەك ھۆججەت يوللاڭ.
error-too-many-files = ھۆججەت بەك كۆپ: بىر قېتىمدا ئەڭ كۆپ { $limit }.
error-busy = بۇ تور بېكەت ھازىر ئالدىراش. سىز يازغانلار بۇ بەتتە ساقلاندى: بىر مىنۇت ساقلاپ، ئاندىن قايتا يوللاڭ.
error-too-slow = ئۇلىنىش بەك ئاستا بولغاچقا ھەممىنى تاپشۇرۇۋالالمىدۇق، شۇڭا ھۆججەتلەر ساقلانمىدى. سىز يازغانلار بۇ بەتتە ساقلاندى: قايتا يوللاڭ، مۇمكىن بولسا ھۆججەتلەرنى ئازايتىڭ ياكى كىچىكرەك ھۆججەت ئىشلىتىڭ.
error-throttled-title = سەل ساقلاڭ
error-unavailable-title = ھازىر ئىشلەتكىلى بولمايدۇ
error-internal-title = بىر خاتالىق كۆرۈلدى
error-internal-text = بىز تەرەپتە بىر خاتالىق كۆرۈلدى. ھېچنېمە ساقلانمىدى. كېيىنرەك قايتا سىناڭ.
error-reference = پايدىلىنىش نومۇرى: { $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = بىرلەشمە ئەرەب خەلىپىلىكى
country-AR = ئارگېنتىنا
country-AT = ئاۋىستىرىيە
country-AU = ئاۋسترالىيە
country-BE = بېلگىيە
country-BR = برازىلىيە
country-CA = كانادا
country-CH = شىۋىتسارىيە
country-CL = چىلى
country-CN = خىتاي
country-CZ = چېخ
country-DE = گېرمانىيە
country-DK = دانىيە
country-EC = ئېكۋادور
country-EG = مىسىر
country-ES = ئىسپانىيە
country-FI = فىنلاندىيە
country-FR = فرانسىيە
country-GB = ئەنگلىيە
country-GR = گرېتسىيە
country-HK = خوڭكوڭ
country-HR = خورۋاتىيە
country-HU = ۋېنگىرىيە
country-ID = ھىندونېزىيە
country-IE = ئىرېلاندىيە
country-IN = ھىندىستان
country-IT = ئىتالىيە
country-JP = ياپونىيە
country-KG = قىرغىزىستان
country-KH = كامبودژا
country-KR = جەنۇبىي كورېيە
country-KZ = قازاقىستان
country-LS = لېسوتو
country-MM = بىرما
country-MN = موڭغۇلىيە
country-MX = مېكسىكا
country-MY = مالايسىيا
country-NG = نىگېرىيە
country-NL = گوللاندىيە
country-NO = نورۋېگىيە
country-NP = نېپال
country-NZ = يېڭى زېلاندىيە
country-PH = فىلىپپىن
country-PL = پولشا
country-PT = پورتۇگالىيە
country-RO = رومىنىيە
country-RS = سېربىيە
country-SA = سەئۇدى ئەرەبىستان
country-SE = شىۋېتسىيە
country-SG = سىنگاپور
country-SK = سلوۋاكىيە
country-TH = تايلاند
country-TR = تۈركىيە
country-TW = تەيۋەن
country-TZ = تانزانىيە
country-UA = ئۇكرائىنا
country-US = ئامېرىكا
country-UZ = ئۆزبېكىستان
country-VN = ۋيېتنام
country-ZA = جەنۇبىي ئافرىقا

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "." }
size-bytes = { $n } بايت
size-kib = { $n } KB
size-mib = { $n } MB
size-gib = { $n } GB
size-tib = { $n } TB
