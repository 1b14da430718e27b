### Meldpunt Quietline: Nederlands.
### Alle zichtbare teksten van de pagina's voor melders. De sleutels zijn in elke taal gelijk
### (een test controleert dat). Eenvoudige woorden: lezers kunnen bang zijn, of in een tweede taal lezen.
### Review: not yet reviewed by a native speaker (translated by the Quietline team).

## About this language
language-name = Nederlands
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = ltr
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = unreviewed

## Every page
site-name = Quietline
site-tagline = Een veilige manier om druk van Chinese 'politiebureaus' in het buitenland te melden
quick-exit = Snel weg
quick-exit-help = Verlaat deze site meteen en opent een pagina die er niets mee te maken heeft.
skip-to-content = Naar de hoofdinhoud
nav-home = Home
nav-report = Iets melden
nav-return = Ik heb een ontvangstcode
choose-language = Taal
footer-privacy = Deze site bewaart geen IP-adressen, geen gegevens over uw browser en geen trackingcookies. Hij laadt niets van andere sites.

## Language chooser (/)
chooser-title = Kies uw taal
chooser-intro = Meld veilig, in uw eigen taal, zonder uw naam te geven.

## Landing page
landing-title = Veilig en anoniem melden
landing-intro = Dit meldpunt is voor mensen die iets weten over een Chinees 'politiebureau' in het buitenland (ook wel 'politieservicestation' genoemd), en voor mensen die worden bedreigd, lastiggevallen of onder druk gezet door mensen die daarmee te maken hebben, bijvoorbeeld via hun familie in China. Onderzoekers gebruiken de meldingen om te begrijpen wat er gebeurt en om mensen te beschermen.
landing-what-happens-title = Wat er met uw melding gebeurt
landing-what-happens-1 = U vult een formulier in. Alleen de eerste vraag en uw eigen verhaal zijn verplicht. U hoeft uw naam niet te geven.
landing-what-happens-2 = Zodra uw melding binnenkomt, wordt die op slot gezet (versleuteld) met sleutels die alleen de onderzoekers hebben. Daarna kan zelfs de server haar niet meer lezen.
landing-what-happens-3 = U krijgt een ontvangstcode: 20 cijfers. Daarmee kunt u terugkomen, zien of de onderzoekers vragen hebben, die beantwoorden en bestanden toevoegen.
landing-what-happens-4 = De onderzoekers lezen de melding. Ze delen die alleen met de politie of met partnerorganisaties als u daarmee instemt.
landing-stored-title = Wat wordt bewaard, en wat niet
landing-stored-yes = Bewaard, altijd versleuteld: uw antwoorden, uw bestanden en uw berichten.
landing-stored-meta = Onversleuteld bewaard: de dag waarop uw melding binnenkwam (niet het tijdstip), de stand van zaken en de grootte.
landing-stored-no = Nooit bewaard: uw IP-adres, uw browser of apparaat, het tijdstip, uw ontvangstcode.
landing-safety-title = Blijf veilig
landing-safety-device = Gebruik een apparaat en een netwerk die niemand anders controleert: geen computer van uw werk, geen gedeelde telefoon, geen apparaat van iemand die u niet vertrouwt.
landing-safety-tor = Gebruik als het kan Tor Browser (torproject.org). Die verbergt waarvandaan u verbinding maakt. Deze site werkt volledig met JavaScript uitgeschakeld (beveiligingsniveau 'Veiligst').
landing-safety-wechat = Praat niet over uw melding op WeChat of in andere apps die misschien worden meegelezen.
landing-safety-exit = De link 'Snel weg' bovenaan verlaat deze site meteen. Uw geschiedenis wordt daarmee niet gewist: sluit de browser, of gebruik 'Nieuwe identiteit' in Tor Browser.
landing-emergency-title = In een noodgeval
landing-emergency-text = Bent u in direct gevaar, bel dan nu het plaatselijke alarmnummer: 112 in Europa, 911 in Noord-Amerika, 999 in het Verenigd Koninkrijk, 000 in Australië. Dit meldpunt wordt niet dag en nacht in de gaten gehouden.
landing-start = Iets melden
landing-return = Ik heb al een ontvangstcode

## The report form
form-title = Iets melden
form-intro = Alleen de vragen met 'verplicht' moet u beantwoorden. Beantwoord wat u weet en laat de rest leeg. U mag in elke taal schrijven.
form-required = (verplicht)
form-optional = (niet verplicht)
form-submit = Melding versleuteld versturen
form-submit-help = Via Tor kan het versturen even duren, vooral met grote bestanden. Wacht tot u uw ontvangstcode ziet.
form-not-open = Dit meldpunt neemt nog geen meldingen aan. Kom later terug.
form-errors-title = Controleer deze antwoorden
form-files-not-kept = De bestanden die u had gekozen, zijn niet bewaard. Kies ze opnieuw voordat u verstuurt.
form-session-expired = Voor uw veiligheid was dit formulier verlopen. Uw antwoorden staan hieronder: controleer ze en verstuur opnieuw.
form-already-received = Deze melding is al ontvangen. Uw ontvangstcode is één keer getoond, op de pagina na het versturen.

subject-legend = Waar gaat uw melding over?
subject-station_information = Informatie over een politiebureau of een andere plek
subject-happened_to_me = Iets wat mij is overkomen
subject-happened_to_someone = Iets wat iemand die ik ken, of mijn familie, is overkomen

incident-legend = Wat is er gebeurd?
incident-help = Kies alles wat klopt.
incident-threats = Bedreiging of intimidatie
incident-harassment = Lastiggevallen worden
incident-surveillance = In de gaten gehouden, gevolgd of gefotografeerd worden
incident-family_pressure = Druk op familie in China (bedreigingen, bezoeken, opsluiting, verlies van werk, pensioen, school of paspoort)
incident-family_detained = Een familielid in het thuisland opgepakt, gevangengezet of naar een kamp gestuurd, of niet meer te bereiken
incident-persuaded_to_return = 'Overgehaald' of bevolen worden om terug te gaan naar China
incident-online_contact = Contact via internet (WeChat of andere apps, telefoontjes)
incident-in_person_approach = Persoonlijk benaderd worden door ambtenaren, agenten of mensen die voor hen werken
incident-pressure_to_inform = Druk om informatie over anderen door te geven (organisaties in de gemeenschap, gebedshuizen, protesten)
incident-digital_attack = Digitale aanvallen (hacken, phishing, zich voor u uitgeven, privégegevens openbaar maken)
incident-bounty_or_smear = Een premie op uw hoofd of een opsporingsbericht, of een lastercampagne (brieven aan buren of werkgever, video's van staatsmedia, soms met uw eigen familieleden)
incident-station_activity = Bezoeken aan een politiebureau, of wat daar gebeurt
incident-document_control = Paspoort of documenten geweigerd, afgepakt, ongeldig gemaakt of niet verlengd (bijvoorbeeld 'kom terug naar China om het te verlengen'); consulaire hulp geweigerd
incident-legal_pressure = Misbruik van het recht: arrestatiebevelen, INTERPOL-signaleringen, verzoeken om uitlevering of uitzetting
incident-physical_harm = Geweld, vasthouden of een poging om iemand mee te nemen
incident-other = Iets anders
incident-other-label = Als het iets anders is: wat?

demand-legend = Wat werd er geëist, als er iets werd geëist?
demand-return = Terug te gaan naar China
demand-silence = Te zwijgen of met iets te stoppen
demand-informing = Informatie over anderen door te geven
demand-delete_content = Berichten, artikelen of andere inhoud te verwijderen
demand-personal_information = Uw persoonlijke gegevens te sturen (kopieën van identiteitsbewijs of paspoort, adres, foto's, werk of school)
demand-other = Iets anders
demand-nothing = Niets, of ik weet het niet
demand-other-label = Als het iets anders is: wat?

when-legend = Wanneer is het gebeurd?
when-exact = Op een datum die ik weet
when-month = In een maand die ik weet
when-approximate = Ongeveer
when-unknown = Ik weet het niet, of zeg het liever niet
when-date-label = Datum (jaar-maand-dag, bijvoorbeeld 2024-03-17)
when-month-label = Maand (jaar-maand, bijvoorbeeld 2024-03)
when-approximate-label = Ongeveer wanneer (bijvoorbeeld 'voorjaar 2023')
when-ongoing = Het gaat nog steeds door

where-legend = Waar?
country-label = Land of regio
country-choose = Kies een land of regio
country-other = Een ander land of een andere regio (schrijf het hieronder)
country-other-label = Ander land of andere regio
city-label = Stad of dorp
place-kind-label = Wat voor plek is het?
place-kind-none = Geen bepaalde plek, of ik weet het niet
place-kind-station = Een 'politieservicestation' of een vergelijkbaar kantoor
place-kind-association_office = Het kantoor van een vereniging (streekgenoten, ondernemers, cultuur)
place-kind-business = Een bedrijf (restaurant, winkel, reisbureau)
place-kind-residence = Een woonhuis
place-kind-online = Alleen online
place-kind-other = Iets anders
place-name-label = Naam van het politiebureau of de plek
place-address-label = Het adres

people-legend = Betrokken personen
people-help = Ambtenaren, agenten, tussenpersonen, of familieleden die onder druk werden gezet. Vul in wat u weet; geen enkel veld is verplicht.
person-legend = Persoon { $number }
person-names-label = Namen, in elk schrift (één per regel, of gescheiden door /)
person-names-help = Bijvoorbeeld: 陈伟 / Chan Wai / CHEN Wei
person-role-label = Rol van deze persoon
person-role-none = Kies, als u het weet
role-official_or_agent = Ambtenaar of agent
role-intermediary = Tussenpersoon of iemand die voor hen werkt
role-family_member = Familielid
role-minder = Iemand die u, uw familie of uw gemeenschap in de gaten houdt voor de autoriteiten (een 'begeleider')
role-other = Iemand anders, of ik weet het niet
person-phones-label = Telefoonnummers (gescheiden door komma's)
person-wechat-label = WeChat-ID's
person-emails-label = E-mailadressen
person-accounts-label = Andere accounts (apps, sociale netwerken)
person-description-label = Beschrijving (uiterlijk, auto, wat ze zeiden)
people-more = Meer personen toevoegen
org-legend = Genoemde organisaties
org-help = Bijvoorbeeld een bureau voor openbare veiligheid, een vereniging of een bedrijf.
org-item-legend = Organisatie { $number }
org-name-label = Naam
org-details-label = Wat u erover weet
orgs-more = Meer organisaties toevoegen

actions-legend = Wat heeft u al gedaan?
police-report-label = Ik heb dit bij de politie gemeld
police-reference-label = Nummer van de aangifte, als u dat heeft
other-organisations-label = Andere organisaties die ik het heb verteld (niet verplicht)

narrative-legend = In uw eigen woorden
narrative-label = Wat is er gebeurd? Beschrijf het in uw eigen woorden, in elke taal.
narrative-help = Tot { $max } tekens. Schrijf op wat u belangrijk vindt: wie, wat, wanneer, waar, en hoe u het weet.

files-legend = Bestanden
files-label = Foto's, schermafbeeldingen, opnames, documenten
files-help = U kunt meerdere bestanden kiezen. Hooguit { $file_limit } per bestand en { $report_limit } in totaal. Bestanden kunnen verborgen gegevens over u bevatten (bijvoorbeeld de plek waar een foto is gemaakt); haal die weg als u kunt.

consent-legend = Uw keuzes
consent-help = Elke keuze staat los van de andere. U mag overal nee op zeggen; uw melding wordt toch ontvangen.
consent-follow_up = De onderzoekers mogen mij hier vragen stellen (ik kom terug met mijn ontvangstcode)
consent-share_police = Mijn melding mag met de politie worden gedeeld
consent-share_partners = Mijn melding mag met partnerorganisaties voor mensenrechten worden gedeeld
consent-statistics = Mijn melding mag worden meegeteld in anonieme statistieken

contact-legend = Contactgegevens
contact-label = Hoe we u kunnen bereiken, als u dat wilt (versleuteld, net als de rest)
contact-help = Niet verplicht. Laat dit leeg om anoniem te blijven. Geef alleen contactgegevens die anderen niet kunnen meelezen.

copy-legend = Uw melding later nog zien
copy-label = Laat mij zien wat ik heb gestuurd als ik terugkom met mijn ontvangstcode
copy-risk = Denk na voordat u dit aanvinkt. Iedereen die uw ontvangstcode vindt, of u dwingt die af te geven, kan dan alles lezen wat u hier hebt geschreven, namen inbegrepen. Als iemand uw telefoon of uw papieren zou kunnen doorzoeken, vink het dan niet aan. Hoe dan ook ontvangen de onderzoekers uw hele melding, en met uw ontvangstcode leest u hun berichten.

## Errors in form fields
error-required = Beantwoord deze vraag alstublieft.
error-too-long = Dit antwoord is te lang: hooguit { $max } tekens.
error-invalid-choice = Kies een van de aangeboden mogelijkheden.
error-invalid-date = Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2024-03-17.
error-invalid-month = Schrijf de maand als jaar-maand, bijvoorbeeld 2024-03.
error-future-date = Deze datum ligt in de toekomst.
error-field-message = Uw bericht

## The receipt page
receipt-title = Uw melding is ontvangen
receipt-intro = Dank u. Uw melding is versleuteld en alleen de onderzoekers kunnen haar lezen.
receipt-label = Uw ontvangstcode
receipt-keep = Schrijf deze ontvangstcode op papier, of leer hem uit uw hoofd, en bewaar hem veilig. Hij wordt alleen nu getoond: hij is nergens opgeslagen en kan niet worden teruggehaald.
receipt-warning = Iedereen die deze ontvangstcode heeft, kan de berichten van de onderzoekers aan u lezen. Bewaar hem niet op een apparaat dat anderen kunnen controleren, en stuur hem naar niemand.
receipt-return = Kom over een paar dagen terug met uw ontvangstcode om te zien of de onderzoekers vragen hebben: gebruik 'Ik heb een ontvangstcode' op de startpagina.
receipt-done = Ik heb mijn ontvangstcode bewaard
receipt-exit-ask = Uw ontvangstcode wordt niet nog eens getoond. Ga alleen weg als u hem hebt opgeschreven, of als u hem niet nodig hebt.
receipt-exit-now = Nu weggaan
receipt-leave-label = Typ de laatste vier cijfers van uw ontvangstcode om deze pagina te verlaten: zo wordt gecontroleerd dat u hem hebt.
receipt-leave-hint = de laatste vier cijfers van de ontvangstcode hierboven
receipt-copy-warning = U hebt gekozen een kopie van uw melding te bewaren: met deze ontvangstcode kan iedereen ook alles lezen wat u hebt gestuurd, namen inbegrepen. Als u terugkomt, kunt u de kopie verwijderen.

## Coming back with a receipt
return-title = Terugkomen met uw ontvangstcode
return-intro = Vul de 20 cijfers van uw ontvangstcode in. Spaties en streepjes maken niet uit.
return-label = Ontvangstcode
return-submit = Openen
return-format-error = Een ontvangstcode heeft 20 cijfers. Controleer wat u hebt ingevuld.
return-rejected = Met deze ontvangstcode kon geen melding worden geopend. Controleer de cijfers en probeer het opnieuw.
return-throttled = Er zijn nu te veel pogingen op deze site. Wacht een minuut en probeer het opnieuw.
return-expired = Uw sessie is afgelopen. Vul uw ontvangstcode opnieuw in.

## The conversation
thread-title = Uw melding
thread-received = Ontvangen op { $day }
thread-status = Stand van zaken: { $status }
thread-files = Tot nu toe verstuurde bestanden: { $count }
thread-messages-title = Berichten
thread-no-messages = Nog geen berichten. De onderzoekers kunnen u hier schrijven: kom later terug.
thread-from-you = U
thread-from-unverified = Niet te controleren (niet van de onderzoekers)
thread-from-investigators = Onderzoekers
thread-files-only = (bestanden verstuurd)
thread-reply-title = Bericht aan de onderzoekers
thread-reply-label = Uw bericht
thread-reply-files = Bestanden toevoegen (niet verplicht)
thread-reply-submit = Versleuteld versturen
thread-reply-sent = Uw bericht is verstuurd.
thread-leave = Weggaan
thread-leave-help = Sluit uw sessie op dit apparaat. U kunt terugkomen met uw ontvangstcode.
copy-title = Wat u hebt gestuurd
copy-intro = U hebt gekozen deze kopie te bewaren. Hij wordt alleen voor dit bezoek geopend, met uw ontvangstcode, en iedereen met uw ontvangstcode kan hem lezen. Hebt u hem niet meer nodig, verwijder hem dan.
copy-show = Laat zien wat u hebt gestuurd
copy-files = Bestanden die u met de melding stuurde
copy-no-files = Met de melding zijn geen bestanden gestuurd.
copy-consents-none = Geen van deze
copy-delete = Mijn kopie verwijderen
copy-delete-help = Alleen uw kopie wordt verwijderd: de onderzoekers houden uw melding, en u kunt hun berichten blijven lezen. Dit kan niet ongedaan worden gemaakt.
copy-delete-confirm = Ja, mijn kopie verwijderen
copy-deleted = Uw kopie is verwijderd. De onderzoekers hebben uw melding nog.
copy-not-deleted = Uw kopie is niet verwijderd, omdat de pagina verlopen was. Probeer het opnieuw.
copy-unverified = Hier is een kopie van uw melding gevonden die niet gecontroleerd kon worden. Die wordt niet getoond, omdat het misschien niet is wat u hebt gestuurd.
copy-not-kept = Hier wordt geen kopie van uw melding voor u bewaard: alleen de onderzoekers kunnen haar lezen.

status-new = Ontvangen, nog niet gelezen
status-in_review = Wordt bekeken
status-waiting_for_reporter = De onderzoekers wachten op uw antwoord
status-referred = Doorgegeven, met uw instemming
status-closed = Afgesloten
status-spam = Afgesloten
status-you-answered = U hebt geantwoord; de onderzoekers lezen het

## Error pages
error-not-found-title = Pagina niet gevonden
error-not-found-text = Deze pagina bestaat niet. Ga terug naar de startpagina.
error-bad-request-title = Het formulier kon niet worden gelezen
error-bad-request-text = Wat uw browser verstuurde, kon niet worden gelezen. Ga terug en probeer het opnieuw.
error-too-large-title = Te groot
error-too-large-text = De bestanden zijn groter dan deze site aanneemt: hooguit { $file_limit } per bestand en { $report_limit } in totaal. Verstuur minder of kleinere bestanden.
error-too-many-files = Te veel bestanden: hooguit { $limit } tegelijk.
error-busy = De site is op dit moment erg druk. Wat u schreef, staat nog op deze pagina: wacht een minuut en verstuur het dan opnieuw.
error-too-slow = De verbinding was te traag om alles te ontvangen, daarom zijn de bestanden niet bewaard. Wat u schreef, staat nog op deze pagina: verstuur het opnieuw, zo mogelijk met minder of kleinere bestanden.
error-throttled-title = Even wachten
error-unavailable-title = Niet beschikbaar
error-internal-title = Er ging iets mis
error-internal-text = Er ging aan onze kant iets mis. Er is niets opgeslagen. Probeer het later opnieuw.
error-reference = Referentie: { $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = Verenigde Arabische Emiraten
country-AR = Argentinië
country-AT = Oostenrijk
country-AU = Australië
country-BE = België
country-BR = Brazilië
country-CA = Canada
country-CH = Zwitserland
country-CL = Chili
country-CN = China
country-CZ = Tsjechië
country-DE = Duitsland
country-DK = Denemarken
country-EC = Ecuador
country-EG = Egypte
country-ES = Spanje
country-FI = Finland
country-FR = Frankrijk
country-GB = Verenigd Koninkrijk
country-GR = Griekenland
country-HK = Hongkong
country-HR = Kroatië
country-HU = Hongarije
country-ID = Indonesië
country-IE = Ierland
country-IN = India
country-IT = Italië
country-JP = Japan
country-KG = Kirgizië
country-KH = Cambodja
country-KR = Zuid-Korea
country-KZ = Kazachstan
country-LS = Lesotho
country-MM = Myanmar
country-MN = Mongolië
country-MX = Mexico
country-MY = Maleisië
country-NG = Nigeria
country-NL = Nederland
country-NO = Noorwegen
country-NP = Nepal
country-NZ = Nieuw-Zeeland
country-PH = Filipijnen
country-PL = Polen
country-PT = Portugal
country-RO = Roemenië
country-RS = Servië
country-SA = Saudi-Arabië
country-SE = Zweden
country-SG = Singapore
country-SK = Slowakije
country-TH = Thailand
country-TR = Turkije
country-TW = Taiwan
country-TZ = Tanzania
country-UA = Oekraïne
country-US = Verenigde Staten
country-UZ = Oezbekistan
country-VN = Vietnam
country-ZA = Zuid-Afrika

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "," }
size-bytes = { $n } bytes
size-kib = { $n } KB
size-mib = { $n } MB
size-gib = { $n } GB
size-tib = { $n } TB
