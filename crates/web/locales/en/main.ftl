### Quietline reporting line: English.
### Every user-visible string of the reporter pages. Keys are identical in every language
### (a test checks it). Plain words: readers may be frightened, and reading a second language.
### Review: the source text, written by the Quietline team; every other language translates it.

## About this language
language-name = English
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = ltr
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = source

## Every page
site-name = Quietline
site-tagline = A safe way to report pressure from overseas "police stations"
quick-exit = Quick exit
quick-exit-help = Leaves this site at once for an unrelated page.
skip-to-content = Skip to the main content
nav-home = Home
nav-report = Make a report
nav-return = I have a receipt
choose-language = Language
footer-privacy = This site stores no IP addresses, no browser details and no tracking cookies. It loads nothing from other sites.

## Language chooser (/)
chooser-title = Choose your language
chooser-intro = Report safely, in your own language, without giving your name.

## Landing page
landing-title = Report safely and anonymously
landing-intro = This reporting line is for people who know about an overseas "police service station", and for people who are threatened, harassed or pressured by people connected to one, for example through their family in China. Investigators use the reports to understand what is happening and to protect people.
landing-what-happens-title = What happens to your report
landing-what-happens-1 = You fill in a form. Only the first question and your own account are required. You do not have to give your name.
landing-what-happens-2 = As it arrives, your report is locked (encrypted) with keys that only the investigators hold. The server itself cannot read it afterwards.
landing-what-happens-3 = You receive a receipt: 20 digits. With it you can come back, see whether investigators have questions, answer them and add files.
landing-what-happens-4 = Investigators read the report. They share it with police or partner organisations only if you agree.
landing-stored-title = What is stored, and what is not
landing-stored-yes = Stored, always encrypted: your answers, your files and your messages.
landing-stored-meta = Stored in clear: the day your report arrived (not the time), its status and its size.
landing-stored-no = Never stored: your IP address, your browser or device, the time of day, your receipt.
landing-safety-title = Stay safe
landing-safety-device = Use a device and a network that nobody else checks: not a work computer, not a shared phone, not one given to you by someone you do not trust.
landing-safety-tor = Use Tor Browser if you can (torproject.org). It hides where you are connecting from. This site works fully with JavaScript turned off ("Safest" setting).
landing-safety-wechat = Do not discuss your report on WeChat or other apps that may be monitored.
landing-safety-exit = The "Quick exit" link at the top leaves this site at once. It does not erase your history: close the browser, or use Tor Browser's "New identity".
landing-emergency-title = In an emergency
landing-emergency-text = If you are in immediate danger, call the local emergency number now: 112 in Europe, 911 in North America, 999 in the United Kingdom, 000 in Australia. This reporting line is not watched around the clock.
landing-start = Make a report
landing-return = I already have a receipt

## The report form
form-title = Make a report
form-intro = Only questions marked "required" must be answered. Answer what you know; leave the rest empty. You can write in any language.
form-required = (required)
form-optional = (optional)
form-submit = Send the report, encrypted
form-submit-help = Sending may take a while over Tor, especially with large files. Wait until you see your receipt.
form-not-open = This reporting line is not accepting reports yet. Please come back later.
form-errors-title = Please check these answers
form-files-not-kept = The files you chose were not kept. Please choose them again before sending.
form-session-expired = For your safety this form had expired. Your answers are below: please check them and send again.
form-already-received = This report was already received. Your receipt was shown once, on the page after sending.

subject-legend = What is your report about?
subject-station_information = Information about a station or another place
subject-happened_to_me = Something that happened to me
subject-happened_to_someone = Something that happened to someone I know, or to my family

incident-legend = What happened?
incident-help = Choose all that apply.
incident-threats = Threats or intimidation
incident-harassment = Harassment
incident-surveillance = Surveillance, being followed or photographed
incident-family_pressure = Pressure on family in China (threats, visits, detention, loss of job, pension, schooling or passport)
incident-persuaded_to_return = Being "persuaded" or ordered to return to China
incident-online_contact = Contact online (WeChat or other apps, calls)
incident-in_person_approach = An approach in person by officials, agents or people acting for them
incident-pressure_to_inform = Pressure to inform on others (community organisations, places of worship, protests)
incident-digital_attack = Digital attacks (hacking, phishing, impersonation, publishing private details)
incident-station_activity = Visits to, or activity at, a station
incident-document_control = Passport or documents refused, taken, cancelled or not renewed (for example "go back to China to renew it"); consular services refused
incident-legal_pressure = Misuse of law: arrest warrants, INTERPOL notices, extradition or deportation requests
incident-physical_harm = Violence, detention or an attempt to take someone away
incident-family_detained = A relative back home detained, imprisoned or sent to a camp, or no longer reachable
incident-bounty_or_smear = A bounty or "wanted" notice, or a smear campaign (letters to neighbours or employers, state media videos, sometimes of your own relatives)
incident-other = Something else
incident-other-label = If something else, what?

demand-legend = What was demanded, if anything?
demand-return = To return to China
demand-silence = To keep silent or stop an activity
demand-informing = To inform on others
demand-delete_content = To delete posts, articles or other content
demand-personal_information = To send your personal details (copies of ID or passport, address, photos, workplace or school)
demand-other = Something else
demand-nothing = Nothing, or I do not know
demand-other-label = If something else, what?

when-legend = When did it happen?
when-exact = On a date I know
when-month = In a month I know
when-approximate = Roughly
when-unknown = I do not know, or prefer not to say
when-date-label = Date (year-month-day, for example 2024-03-17)
when-month-label = Month (year-month, for example 2024-03)
when-approximate-label = Roughly when (for example "spring 2023")
when-ongoing = It is still going on

where-legend = Where?
country-label = Country or region
country-choose = Choose a country or region
country-other = Another country or region (type it below)
country-other-label = Other country or region
city-label = City or town
place-kind-label = What kind of place is it?
place-kind-none = Not a particular place, or I do not know
place-kind-station = A "police service station" or similar office
place-kind-association_office = The office of an association (hometown, business, cultural)
place-kind-business = A business (restaurant, shop, travel agency)
place-kind-residence = A private home
place-kind-online = Only online
place-kind-other = Something else
place-name-label = Name of the station or place
place-address-label = Its address

people-legend = People involved
people-help = Officials, agents, go-betweens, or family members who were pressured. Add what you know; every field is optional.
person-legend = Person { $number }
person-names-label = Names, in any script (one per line, or separated by /)
person-names-help = For example: 陈伟 / Chan Wai / CHEN Wei
person-role-label = Their role
person-role-none = Choose, if you know
role-official_or_agent = Official or agent
role-intermediary = Go-between or person acting for them
role-family_member = Family member
role-minder = A "minder" who watches you, your family or your community for officials
role-other = Someone else, or I do not know
person-phones-label = Phone numbers (separated by commas)
person-wechat-label = WeChat IDs
person-emails-label = Email addresses
person-accounts-label = Other accounts (apps, social networks)
person-description-label = Description (appearance, car, what they said)
people-more = Add more people
org-legend = Organisations named
org-help = For example a public security bureau, an association or a company.
org-item-legend = Organisation { $number }
org-name-label = Name
org-details-label = What you know about it
orgs-more = Add more organisations

actions-legend = What have you already done?
police-report-label = I reported this to the police
police-reference-label = Police report number, if any
other-organisations-label = Other organisations I told (optional)

narrative-legend = In your own words
narrative-label = What happened? Please describe it in your own words, in any language.
narrative-help = Up to { $max } characters. Include what you think matters: who, what, when, where, how you learned it.

files-legend = Files
files-label = Photos, screenshots, recordings, documents
files-help = You can choose several files. At most { $file_limit } per file and { $report_limit } in total. Files can contain hidden details about you (for example the place where a photo was taken); remove them if you can.

consent-legend = Your choices
consent-help = Each is separate. You can say no to all of them; your report is still received.
consent-follow_up = Investigators may ask me questions here (I will come back with my receipt)
consent-share_police = My report may be shared with police
consent-share_partners = My report may be shared with partner human-rights organisations
consent-statistics = My report may be counted in anonymous statistics

contact-legend = Contact details
contact-label = How we could reach you, if you want (encrypted like everything else)
contact-help = Optional. Leave empty to stay anonymous. Only give contact details that others cannot monitor.

copy-legend = Seeing your report later
copy-label = Let me see what I sent when I come back with my receipt
copy-risk = Think before you tick this. Anyone who finds your receipt, or forces you to give it up, could then read everything you wrote here, names included. If someone might search your phone or your papers, leave it unticked. Either way, investigators receive your whole report, and your receipt lets you read their messages.

## Errors in form fields
error-required = Please answer this question.
error-too-long = This answer is too long: at most { $max } characters.
error-invalid-choice = Please choose one of the options offered.
error-invalid-date = Please write the date as year-month-day, for example 2024-03-17.
error-invalid-month = Please write the month as year-month, for example 2024-03.
error-future-date = This date is in the future.
error-field-message = Your message

## The receipt page
receipt-title = Your report was received
receipt-intro = Thank you. Your report is encrypted and only investigators can read it.
receipt-label = Your receipt
receipt-keep = Write this receipt down on paper, or learn it by heart, and keep it safe. This is the only time it is shown: it is not stored anywhere and cannot be recovered.
receipt-warning = Anyone who has this receipt can read the investigators' messages to you. Do not save it on a device that others can check, and do not send it to anyone.
receipt-return = Come back in a few days with your receipt to see whether investigators have questions: use "I have a receipt" on the home page.
receipt-done = I have kept my receipt
receipt-exit-ask = Your receipt will not be shown again. Leave only if you have written it down, or if you do not need it.
receipt-exit-now = Leave now
receipt-leave-label = To leave this page, type the last four digits of your receipt: this checks that you have it.
receipt-leave-hint = the last four digits of the receipt above
receipt-copy-warning = You chose to keep a copy of your report: with this receipt, anyone can also read everything you sent, names included. You can delete the copy when you come back.

## Coming back with a receipt
return-title = Come back with your receipt
return-intro = Enter the 20 digits of your receipt. Spaces and dashes do not matter.
return-label = Receipt
return-submit = Open
return-format-error = A receipt has 20 digits. Please check what you typed.
return-rejected = No report could be opened with this receipt. Please check the digits and try again.
return-throttled = Too many attempts on this site right now. Please wait a minute and try again.
return-expired = Your session has ended. Please enter your receipt again.

## The conversation
thread-title = Your report
thread-received = Received on { $day }
thread-status = Status: { $status }
thread-files = Files sent so far: { $count }
thread-messages-title = Messages
thread-no-messages = No messages yet. Investigators may write to you here: please come back later.
thread-from-you = You
thread-from-unverified = Could not be verified (not from the investigators)
thread-from-investigators = Investigators
thread-files-only = (files sent)
thread-reply-title = Write to the investigators
thread-reply-label = Your message
thread-reply-files = Add files (optional)
thread-reply-submit = Send, encrypted
thread-reply-sent = Your message was sent.
thread-leave = Leave
thread-leave-help = Closes your session on this device. You can come back with your receipt.
copy-title = What you sent
copy-intro = You chose to keep this copy. It is opened for this visit only, with your receipt, and anyone with your receipt can read it. If you no longer need it, delete it.
copy-show = Show what you sent
copy-files = Files sent with the report
copy-no-files = No files were sent with the report.
copy-consents-none = None of these
copy-delete = Delete my copy
copy-delete-help = Only your copy is deleted: investigators keep your report, and you can still read their messages. This cannot be undone.
copy-delete-confirm = Yes, delete my copy
copy-deleted = Your copy was deleted. Investigators still have your report.
copy-not-deleted = Your copy was not deleted, because the page had expired. Please try again.
copy-unverified = A copy of your report was found here that could not be verified. It is not shown, because it may not be what you sent.
copy-not-kept = No copy of your report is kept here for you to read: only investigators can read it.

status-new = Received, not yet read
status-in_review = Being reviewed
status-waiting_for_reporter = Investigators are waiting for your answer
status-referred = Passed on, with your agreement
status-closed = Closed
status-spam = Closed
status-you-answered = You answered; investigators will read it

## Error pages
error-not-found-title = Page not found
error-not-found-text = This page does not exist. Go back to the home page.
error-bad-request-title = The form could not be read
error-bad-request-text = What your browser sent could not be read. Please go back and try again.
error-too-large-title = Too large
error-too-large-text = The files are larger than this site accepts: at most { $file_limit } per file and { $report_limit } in total. Please send fewer or smaller files.
error-too-many-files = Too many files: at most { $limit } at once.
error-busy = The site is busy right now. What you wrote is kept on this page: please wait a minute, then send it again.
error-too-slow = The connection was too slow to receive everything, so the files were not kept. What you wrote is kept on this page: please send it again, with fewer or smaller files if you can.
error-throttled-title = Please wait
error-unavailable-title = Not available
error-internal-title = Something went wrong
error-internal-text = Something went wrong on our side. Nothing was saved. Please try again later.
error-reference = Reference: { $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = United Arab Emirates
country-AR = Argentina
country-AT = Austria
country-AU = Australia
country-BE = Belgium
country-BR = Brazil
country-CA = Canada
country-CH = Switzerland
country-CL = Chile
country-CN = China
country-CZ = Czechia
country-DE = Germany
country-DK = Denmark
country-EC = Ecuador
country-EG = Egypt
country-ES = Spain
country-FI = Finland
country-FR = France
country-GB = United Kingdom
country-GR = Greece
country-HK = Hong Kong
country-HR = Croatia
country-HU = Hungary
country-ID = Indonesia
country-IE = Ireland
country-IN = India
country-IT = Italy
country-JP = Japan
country-KG = Kyrgyzstan
country-KH = Cambodia
country-KR = South Korea
country-KZ = Kazakhstan
country-LS = Lesotho
country-MM = Myanmar
country-MN = Mongolia
country-MX = Mexico
country-MY = Malaysia
country-NG = Nigeria
country-NL = Netherlands
country-NO = Norway
country-NP = Nepal
country-NZ = New Zealand
country-PH = Philippines
country-PL = Poland
country-PT = Portugal
country-RO = Romania
country-RS = Serbia
country-SA = Saudi Arabia
country-SE = Sweden
country-SG = Singapore
country-SK = Slovakia
country-TH = Thailand
country-TR = Türkiye
country-TW = Taiwan
country-TZ = Tanzania
country-UA = Ukraine
country-US = United States
country-UZ = Uzbekistan
country-VN = Vietnam
country-ZA = South Africa

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "." }
size-bytes = { $n } bytes
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB
