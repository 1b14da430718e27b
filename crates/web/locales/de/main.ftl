### Quietline-Meldestelle: Deutsch.
### Alle sichtbaren Texte der Seiten für meldende Personen. Die Schlüssel sind in jeder Sprache
### gleich (ein Test prüft das). Einfache Worte: Die Lesenden haben vielleicht Angst oder lesen in einer Zweitsprache.
### Review: not yet reviewed by a native speaker (translated by the Quietline team).

## About this language
language-name = Deutsch
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = ltr
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = unreviewed

## Every page
site-name = Quietline
site-tagline = Ein sicherer Weg, Druck durch chinesische „Polizeistationen“ im Ausland zu melden
quick-exit = Schnell verlassen
quick-exit-help = Verlässt diese Seite sofort und öffnet eine Seite, die nichts damit zu tun hat.
skip-to-content = Zum Hauptinhalt springen
nav-home = Startseite
nav-report = Etwas melden
nav-return = Ich habe einen Zugangscode
choose-language = Sprache
footer-privacy = Diese Seite speichert keine IP-Adressen, keine Angaben zu Ihrem Browser und keine Tracking-Cookies. Sie lädt nichts von anderen Seiten.

## Language chooser (/)
chooser-title = Wählen Sie Ihre Sprache
chooser-intro = Melden Sie sicher, in Ihrer Sprache, ohne Ihren Namen zu nennen.

## Landing page
landing-title = Sicher und anonym melden
landing-intro = Diese Meldestelle ist für Menschen, die etwas über eine chinesische „Polizeistation“ im Ausland (auch „Polizei-Servicestation“ genannt) wissen, und für Menschen, die von Personen aus deren Umfeld bedroht, belästigt oder unter Druck gesetzt werden, zum Beispiel über ihre Familie in China. Das Ermittlungsteam nutzt die Meldungen, um zu verstehen, was geschieht, und um Menschen zu schützen.
landing-what-happens-title = Was mit Ihrer Meldung geschieht
landing-what-happens-1 = Sie füllen ein Formular aus. Nur die erste Frage und Ihr eigener Bericht sind Pflicht. Ihren Namen müssen Sie nicht angeben.
landing-what-happens-2 = Sobald Ihre Meldung ankommt, wird sie verschlossen (verschlüsselt), mit Schlüsseln, die nur das Ermittlungsteam hat. Danach kann nicht einmal der Server selbst sie lesen.
landing-what-happens-3 = Sie erhalten einen Zugangscode: 20 Ziffern. Damit können Sie wiederkommen, sehen, ob das Ermittlungsteam Fragen hat, darauf antworten und Dateien hinzufügen.
landing-what-happens-4 = Das Ermittlungsteam liest die Meldung. An die Polizei oder an Partnerorganisationen gibt es sie nur weiter, wenn Sie zustimmen.
landing-stored-title = Was gespeichert wird und was nicht
landing-stored-yes = Gespeichert, immer verschlüsselt: Ihre Antworten, Ihre Dateien und Ihre Nachrichten.
landing-stored-meta = Unverschlüsselt gespeichert: der Tag, an dem Ihre Meldung ankam (nicht die Uhrzeit), ihr Stand und ihre Größe.
landing-stored-no = Nie gespeichert: Ihre IP-Adresse, Ihr Browser oder Gerät, die Uhrzeit, Ihr Zugangscode.
landing-safety-title = Schützen Sie sich
landing-safety-device = Nutzen Sie ein Gerät und ein Netz, das sonst niemand kontrolliert: keinen Arbeitscomputer, kein gemeinsam genutztes Handy und kein Gerät von jemandem, dem Sie nicht vertrauen.
landing-safety-tor = Nutzen Sie wenn möglich den Tor Browser (torproject.org). Er verbirgt, von wo aus Sie sich verbinden. Diese Seite funktioniert vollständig mit ausgeschaltetem JavaScript (Sicherheitsstufe „Am sichersten“).
landing-safety-wechat = Sprechen Sie nicht auf WeChat oder in anderen Apps, die überwacht werden könnten, über Ihre Meldung.
landing-safety-exit = Der Link „Schnell verlassen“ oben auf der Seite verlässt diese Seite sofort. Ihren Verlauf löscht er nicht: Schließen Sie den Browser oder nutzen Sie „Neue Identität“ im Tor Browser.
landing-emergency-title = Im Notfall
landing-emergency-text = Wenn Sie in akuter Gefahr sind, rufen Sie sofort die örtliche Notrufnummer an: 112 in Europa, 911 in Nordamerika, 999 im Vereinigten Königreich, 000 in Australien. Diese Meldestelle ist nicht rund um die Uhr besetzt.
landing-start = Etwas melden
landing-return = Ich habe schon einen Zugangscode

## The report form
form-title = Etwas melden
form-intro = Nur die Fragen mit „Pflicht“ müssen Sie beantworten. Beantworten Sie, was Sie wissen, und lassen Sie den Rest leer. Sie können in jeder Sprache schreiben.
form-required = (Pflicht)
form-optional = (freiwillig)
form-submit = Meldung verschlüsselt senden
form-submit-help = Über Tor kann das Senden eine Weile dauern, besonders mit großen Dateien. Warten Sie, bis Sie Ihren Zugangscode sehen.
form-not-open = Diese Meldestelle nimmt noch keine Meldungen an. Bitte kommen Sie später wieder.
form-errors-title = Bitte prüfen Sie diese Antworten
form-files-not-kept = Die Dateien, die Sie ausgewählt hatten, wurden nicht behalten. Bitte wählen Sie sie vor dem Senden noch einmal aus.
form-session-expired = Zu Ihrer Sicherheit war dieses Formular abgelaufen. Ihre Antworten stehen unten: Bitte prüfen Sie sie und senden Sie erneut.
form-already-received = Diese Meldung ist schon angekommen. Ihr Zugangscode wurde einmal angezeigt, auf der Seite nach dem Senden.

subject-legend = Worum geht es in Ihrer Meldung?
subject-station_information = Informationen über eine Station oder einen anderen Ort
subject-happened_to_me = Etwas, das mir passiert ist
subject-happened_to_someone = Etwas, das jemandem passiert ist, den ich kenne, oder meiner Familie

incident-legend = Was ist passiert?
incident-help = Wählen Sie alles aus, was zutrifft.
incident-threats = Drohungen oder Einschüchterung
incident-harassment = Belästigung
incident-surveillance = Überwachung, verfolgt oder fotografiert werden
incident-family_pressure = Druck auf die Familie in China (Drohungen, Besuche, Festnahme, Verlust von Arbeit, Rente, Schulplatz oder Pass)
incident-family_detained = Ein Familienmitglied in der Heimat wurde festgenommen, inhaftiert oder in ein Lager gebracht, oder ist nicht mehr erreichbar
incident-persuaded_to_return = „Überredet“ oder aufgefordert werden, nach China zurückzukehren
incident-online_contact = Kontakt im Internet (WeChat oder andere Apps, Anrufe)
incident-in_person_approach = Persönliche Kontaktaufnahme durch Beamte, Agenten oder Leute, die für sie handeln
incident-pressure_to_inform = Druck, über andere zu berichten (Gemeinschaftsvereine, Gotteshäuser, Proteste)
incident-digital_attack = Digitale Angriffe (Hacking, Phishing, Identitätsmissbrauch, Veröffentlichung privater Daten)
incident-bounty_or_smear = Ein Kopfgeld oder eine Fahndung gegen Sie, oder eine Rufmordkampagne (Briefe an Nachbarn oder Arbeitgeber, Videos staatlicher Medien, manchmal mit Ihren eigenen Angehörigen)
incident-station_activity = Besuche bei einer Station oder Vorgänge dort
incident-document_control = Pass oder Dokumente verweigert, abgenommen, für ungültig erklärt oder nicht verlängert (zum Beispiel „zum Verlängern nach China zurückkommen“); konsularische Hilfe verweigert
incident-legal_pressure = Missbrauch des Rechts: Haftbefehle, INTERPOL-Ausschreibungen, Auslieferungs- oder Abschiebungsersuchen
incident-physical_harm = Gewalt, Festhalten oder ein Versuch, jemanden zu verschleppen
incident-other = Etwas anderes
incident-other-label = Wenn etwas anderes: was?

demand-legend = Was wurde verlangt, falls etwas?
demand-return = Nach China zurückzukehren
demand-silence = Zu schweigen oder eine Tätigkeit aufzugeben
demand-informing = Über andere zu berichten
demand-delete_content = Beiträge, Artikel oder andere Inhalte zu löschen
demand-personal_information = Ihre persönlichen Daten zu schicken (Kopien von Ausweis oder Pass, Adresse, Fotos, Arbeitsstelle oder Schule)
demand-other = Etwas anderes
demand-nothing = Nichts, oder ich weiß es nicht
demand-other-label = Wenn etwas anderes: was?

when-legend = Wann ist es passiert?
when-exact = An einem Datum, das ich kenne
when-month = In einem Monat, den ich kenne
when-approximate = Ungefähr
when-unknown = Ich weiß es nicht oder möchte es nicht sagen
when-date-label = Datum (Jahr-Monat-Tag, zum Beispiel 2024-03-17)
when-month-label = Monat (Jahr-Monat, zum Beispiel 2024-03)
when-approximate-label = Ungefähr wann (zum Beispiel „Frühjahr 2023“)
when-ongoing = Es dauert noch an

where-legend = Wo?
country-label = Land oder Region
country-choose = Wählen Sie ein Land oder eine Region
country-other = Ein anderes Land oder eine andere Region (unten eintragen)
country-other-label = Anderes Land oder andere Region
city-label = Stadt oder Ort
place-kind-label = Was für ein Ort ist es?
place-kind-none = Kein bestimmter Ort, oder ich weiß es nicht
place-kind-station = Eine „Polizei-Servicestation“ oder ein ähnliches Büro
place-kind-association_office = Das Büro eines Vereins (Landsmannschaft, Wirtschaftsverband, Kulturverein)
place-kind-business = Ein Geschäft (Restaurant, Laden, Reisebüro)
place-kind-residence = Eine Privatwohnung
place-kind-online = Nur im Internet
place-kind-other = Etwas anderes
place-name-label = Name der Station oder des Ortes
place-address-label = Die Adresse

people-legend = Beteiligte Personen
people-help = Beamte, Agenten, Vermittler oder Familienangehörige, die unter Druck gesetzt wurden. Tragen Sie ein, was Sie wissen; jedes Feld ist freiwillig.
person-legend = Person { $number }
person-names-label = Namen, in jeder Schrift (einer pro Zeile oder getrennt durch /)
person-names-help = Zum Beispiel: 陈伟 / Chan Wai / CHEN Wei
person-role-label = Rolle dieser Person
person-role-none = Auswählen, falls bekannt
role-official_or_agent = Beamter oder Agent
role-intermediary = Vermittler oder jemand, der für sie handelt
role-family_member = Familienmitglied
role-minder = Ein „Aufpasser“, der Sie, Ihre Familie oder Ihre Gemeinschaft für Behörden beobachtet
role-other = Jemand anderes, oder ich weiß es nicht
person-phones-label = Telefonnummern (durch Kommas getrennt)
person-wechat-label = WeChat-IDs
person-emails-label = E-Mail-Adressen
person-accounts-label = Andere Konten (Apps, soziale Netzwerke)
person-description-label = Beschreibung (Aussehen, Auto, was die Person gesagt hat)
people-more = Weitere Personen hinzufügen
org-legend = Genannte Organisationen
org-help = Zum Beispiel ein Amt für öffentliche Sicherheit, ein Verein oder eine Firma.
org-item-legend = Organisation { $number }
org-name-label = Name
org-details-label = Was Sie darüber wissen
orgs-more = Weitere Organisationen hinzufügen

actions-legend = Was haben Sie schon unternommen?
police-report-label = Ich habe es der Polizei gemeldet
police-reference-label = Aktenzeichen der Polizei, falls vorhanden
other-organisations-label = Andere Organisationen, denen ich es gesagt habe (freiwillig)

narrative-legend = In Ihren eigenen Worten
narrative-label = Was ist passiert? Bitte beschreiben Sie es in Ihren eigenen Worten, in jeder Sprache.
narrative-help = Bis zu { $max } Zeichen. Schreiben Sie auf, was Ihnen wichtig erscheint: wer, was, wann, wo und woher Sie es wissen.

files-legend = Dateien
files-label = Fotos, Screenshots, Aufnahmen, Dokumente
files-help = Sie können mehrere Dateien auswählen. Höchstens { $file_limit } pro Datei und { $report_limit } insgesamt. Dateien können versteckte Angaben über Sie enthalten (zum Beispiel den Ort, an dem ein Foto aufgenommen wurde); entfernen Sie sie, wenn Sie können.

consent-legend = Ihre Entscheidungen
consent-help = Jede gilt für sich. Sie können alles ablehnen; Ihre Meldung wird trotzdem angenommen.
consent-follow_up = Das Ermittlungsteam darf mir hier Fragen stellen (ich komme mit meinem Zugangscode wieder)
consent-share_police = Meine Meldung darf an die Polizei weitergegeben werden
consent-share_partners = Meine Meldung darf an Partnerorganisationen für Menschenrechte weitergegeben werden
consent-statistics = Meine Meldung darf in anonymen Statistiken mitgezählt werden

contact-legend = Kontaktdaten
contact-label = Wie wir Sie erreichen könnten, wenn Sie möchten (verschlüsselt wie alles andere)
contact-help = Freiwillig. Lassen Sie das Feld leer, um anonym zu bleiben. Geben Sie nur Kontaktdaten an, die andere nicht überwachen können.

copy-legend = Ihre Meldung später ansehen
copy-label = Ich möchte sehen, was ich gesendet habe, wenn ich mit meinem Zugangscode wiederkomme
copy-risk = Überlegen Sie gut, bevor Sie das ankreuzen. Wer Ihren Zugangscode findet oder Sie zwingt, ihn herauszugeben, könnte dann alles lesen, was Sie hier geschrieben haben, auch die Namen. Wenn jemand Ihr Telefon oder Ihre Papiere durchsuchen könnte, kreuzen Sie es nicht an. So oder so erhält das Ermittlungsteam Ihre ganze Meldung, und mit Ihrem Zugangscode können Sie seine Nachrichten lesen.

## Errors in form fields
error-required = Bitte beantworten Sie diese Frage.
error-too-long = Diese Antwort ist zu lang: höchstens { $max } Zeichen.
error-invalid-choice = Bitte wählen Sie eine der angebotenen Möglichkeiten.
error-invalid-date = Bitte schreiben Sie das Datum als Jahr-Monat-Tag, zum Beispiel 2024-03-17.
error-invalid-month = Bitte schreiben Sie den Monat als Jahr-Monat, zum Beispiel 2024-03.
error-future-date = Dieses Datum liegt in der Zukunft.
error-field-message = Ihre Nachricht

## The receipt page
receipt-title = Ihre Meldung ist angekommen
receipt-intro = Danke. Ihre Meldung ist verschlüsselt, und nur das Ermittlungsteam kann sie lesen.
receipt-label = Ihr Zugangscode
receipt-keep = Schreiben Sie diesen Zugangscode auf Papier oder lernen Sie ihn auswendig, und bewahren Sie ihn sicher auf. Er wird nur dieses eine Mal angezeigt: Er ist nirgends gespeichert und kann nicht wiederhergestellt werden.
receipt-warning = Wer diesen Zugangscode hat, kann die Nachrichten des Ermittlungsteams an Sie lesen. Speichern Sie ihn nicht auf einem Gerät, das andere kontrollieren können, und schicken Sie ihn niemandem.
receipt-return = Kommen Sie in ein paar Tagen mit Ihrem Zugangscode wieder, um zu sehen, ob das Ermittlungsteam Fragen hat: über „Ich habe einen Zugangscode“ auf der Startseite.
receipt-done = Ich habe meinen Zugangscode sicher aufbewahrt
receipt-exit-ask = Ihr Zugangscode wird nicht noch einmal angezeigt. Gehen Sie nur, wenn Sie ihn aufgeschrieben haben oder ihn nicht brauchen.
receipt-exit-now = Jetzt verlassen
receipt-leave-label = Um diese Seite zu verlassen, geben Sie die letzten vier Ziffern Ihres Zugangscodes ein: So wird geprüft, dass Sie ihn haben.
receipt-leave-hint = die letzten vier Ziffern des Zugangscodes oben
receipt-copy-warning = Sie haben gewählt, eine Kopie Ihrer Meldung zu behalten: Mit diesem Zugangscode kann jeder auch alles lesen, was Sie gesendet haben, auch die Namen. Wenn Sie wiederkommen, können Sie die Kopie löschen.

## Coming back with a receipt
return-title = Mit Ihrem Zugangscode zurückkehren
return-intro = Geben Sie die 20 Ziffern Ihres Zugangscodes ein. Leerzeichen und Bindestriche spielen keine Rolle.
return-label = Zugangscode
return-submit = Öffnen
return-format-error = Ein Zugangscode hat 20 Ziffern. Bitte prüfen Sie Ihre Eingabe.
return-rejected = Mit diesem Zugangscode ließ sich keine Meldung öffnen. Bitte prüfen Sie die Ziffern und versuchen Sie es noch einmal.
return-throttled = Gerade gibt es zu viele Versuche auf dieser Seite. Bitte warten Sie eine Minute und versuchen Sie es dann noch einmal.
return-expired = Ihre Sitzung ist beendet. Bitte geben Sie Ihren Zugangscode noch einmal ein.

## The conversation
thread-title = Ihre Meldung
thread-received = Angekommen am { $day }
thread-status = Stand: { $status }
thread-files = Bisher gesendete Dateien: { $count }
thread-messages-title = Nachrichten
thread-no-messages = Noch keine Nachrichten. Das Ermittlungsteam kann Ihnen hier schreiben: Bitte kommen Sie später wieder.
thread-from-you = Sie
thread-from-unverified = Nicht überprüfbar (nicht vom Ermittlungsteam)
thread-from-investigators = Ermittlungsteam
thread-files-only = (Dateien gesendet)
thread-reply-title = An das Ermittlungsteam schreiben
thread-reply-label = Ihre Nachricht
thread-reply-files = Dateien hinzufügen (freiwillig)
thread-reply-submit = Verschlüsselt senden
thread-reply-sent = Ihre Nachricht wurde gesendet.
thread-leave = Verlassen
thread-leave-help = Beendet Ihre Sitzung auf diesem Gerät. Mit Ihrem Zugangscode können Sie wiederkommen.
copy-title = Was Sie gesendet haben
copy-intro = Sie haben gewählt, diese Kopie zu behalten. Sie wird nur für diesen Besuch mit Ihrem Zugangscode geöffnet, und jeder mit Ihrem Zugangscode kann sie lesen. Wenn Sie sie nicht mehr brauchen, löschen Sie sie.
copy-show = Anzeigen, was Sie gesendet haben
copy-files = Mit der Meldung gesendete Dateien
copy-no-files = Mit der Meldung wurden keine Dateien gesendet.
copy-consents-none = Nichts davon
copy-delete = Meine Kopie löschen
copy-delete-help = Nur Ihre Kopie wird gelöscht: Das Ermittlungsteam behält Ihre Meldung, und Sie können seine Nachrichten weiter lesen. Das lässt sich nicht rückgängig machen.
copy-delete-confirm = Ja, meine Kopie löschen
copy-deleted = Ihre Kopie wurde gelöscht. Das Ermittlungsteam hat Ihre Meldung weiterhin.
copy-not-deleted = Ihre Kopie wurde nicht gelöscht, weil die Seite abgelaufen war. Bitte versuchen Sie es noch einmal.
copy-unverified = Hier wurde eine Kopie Ihrer Meldung gefunden, die nicht überprüft werden konnte. Sie wird nicht angezeigt, weil sie vielleicht nicht das ist, was Sie gesendet haben.
copy-not-kept = Hier wird keine Kopie Ihrer Meldung für Sie aufbewahrt: Nur das Ermittlungsteam kann sie lesen.

status-new = Angekommen, noch nicht gelesen
status-in_review = Wird geprüft
status-waiting_for_reporter = Das Ermittlungsteam wartet auf Ihre Antwort
status-referred = Mit Ihrer Zustimmung weitergegeben
status-closed = Abgeschlossen
status-spam = Abgeschlossen
status-you-answered = Sie haben geantwortet; die Ermittler werden es lesen

## Error pages
error-not-found-title = Seite nicht gefunden
error-not-found-text = Diese Seite gibt es nicht. Gehen Sie zurück zur Startseite.
error-bad-request-title = Das Formular konnte nicht gelesen werden
error-bad-request-text = Was Ihr Browser gesendet hat, konnte nicht gelesen werden. Bitte gehen Sie zurück und versuchen Sie es noch einmal.
error-too-large-title = Zu groß
error-too-large-text = Die Dateien sind größer, als diese Seite annimmt: höchstens { $file_limit } pro Datei und { $report_limit } insgesamt. Bitte senden Sie weniger oder kleinere Dateien.
error-too-many-files = Zu viele Dateien: höchstens { $limit } auf einmal.
error-busy = Die Seite ist gerade ausgelastet. Was Sie geschrieben haben, bleibt auf dieser Seite erhalten: Bitte warten Sie eine Minute und senden Sie es dann noch einmal.
error-too-slow = Die Verbindung war zu langsam, um alles zu empfangen, deshalb wurden die Dateien nicht behalten. Was Sie geschrieben haben, bleibt auf dieser Seite erhalten: Bitte senden Sie es noch einmal, wenn möglich mit weniger oder kleineren Dateien.
error-throttled-title = Bitte warten Sie
error-unavailable-title = Nicht verfügbar
error-internal-title = Etwas ist schiefgelaufen
error-internal-text = Bei uns ist etwas schiefgelaufen. Es wurde nichts gespeichert. Bitte versuchen Sie es später noch einmal.
error-reference = Referenz: { $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = Vereinigte Arabische Emirate
country-AR = Argentinien
country-AT = Österreich
country-AU = Australien
country-BE = Belgien
country-BR = Brasilien
country-CA = Kanada
country-CH = Schweiz
country-CL = Chile
country-CN = China
country-CZ = Tschechien
country-DE = Deutschland
country-DK = Dänemark
country-EC = Ecuador
country-EG = Ägypten
country-ES = Spanien
country-FI = Finnland
country-FR = Frankreich
country-GB = Vereinigtes Königreich
country-GR = Griechenland
country-HK = Hongkong
country-HR = Kroatien
country-HU = Ungarn
country-ID = Indonesien
country-IE = Irland
country-IN = Indien
country-IT = Italien
country-JP = Japan
country-KG = Kirgisistan
country-KH = Kambodscha
country-KR = Südkorea
country-KZ = Kasachstan
country-LS = Lesotho
country-MM = Myanmar
country-MN = Mongolei
country-MX = Mexiko
country-MY = Malaysia
country-NG = Nigeria
country-NL = Niederlande
country-NO = Norwegen
country-NP = Nepal
country-NZ = Neuseeland
country-PH = Philippinen
country-PL = Polen
country-PT = Portugal
country-RO = Rumänien
country-RS = Serbien
country-SA = Saudi-Arabien
country-SE = Schweden
country-SG = Singapur
country-SK = Slowakei
country-TH = Thailand
country-TR = Türkei
country-TW = Taiwan
country-TZ = Tansania
country-UA = Ukraine
country-US = Vereinigte Staaten
country-UZ = Usbekistan
country-VN = Vietnam
country-ZA = Südafrika

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "," }
size-bytes = { $n } Bytes
size-kib = { $n } KB
size-mib = { $n } MB
size-gib = { $n } GB
size-tib = { $n } TB
