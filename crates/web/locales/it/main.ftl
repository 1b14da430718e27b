### Canale di segnalazione Quietline: italiano.
### Tutti i testi visibili delle pagine per chi segnala. Le chiavi sono identiche in ogni lingua
### (un test lo verifica). Parole semplici: chi legge può avere paura, o leggere in una seconda lingua.
### Review: not yet reviewed by a native speaker (translated by the Quietline team).

## About this language
language-name = Italiano
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = ltr
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = unreviewed

## Every page
site-name = Quietline
site-tagline = Un modo sicuro per segnalare le pressioni delle «stazioni di polizia» cinesi all'estero
quick-exit = Uscita rapida
quick-exit-help = Lascia subito questo sito e apre una pagina che non c'entra nulla.
skip-to-content = Vai al contenuto principale
nav-home = Pagina iniziale
nav-report = Fare una segnalazione
nav-return = Ho una ricevuta
choose-language = Lingua
footer-privacy = Questo sito non registra indirizzi IP, dati sul browser né cookie di tracciamento. Non carica nulla da altri siti.

## Language chooser (/)
chooser-title = Scelga la sua lingua
chooser-intro = Segnali in sicurezza, nella sua lingua, senza dare il suo nome.

## Landing page
landing-title = Segnalare in modo sicuro e anonimo
landing-intro = Questo canale di segnalazione è per chi sa qualcosa di una «stazione di polizia» cinese all'estero (detta anche «stazione di servizio di polizia») e per chi viene minacciato, molestato o messo sotto pressione da persone legate a una di queste stazioni, per esempio attraverso la famiglia in Cina. Gli investigatori usano le segnalazioni per capire che cosa succede e per proteggere le persone.
landing-what-happens-title = Che cosa succede alla sua segnalazione
landing-what-happens-1 = Compila un modulo. Sono obbligatori solo la prima domanda e il suo racconto. Non deve dare il suo nome.
landing-what-happens-2 = Appena arriva, la sua segnalazione viene chiusa a chiave (cifrata) con chiavi che hanno solo gli investigatori. Da quel momento nemmeno il server può leggerla.
landing-what-happens-3 = Le viene data una ricevuta: 20 cifre. Con la ricevuta può tornare, vedere se gli investigatori hanno domande, rispondere e aggiungere file.
landing-what-happens-4 = Gli investigatori leggono la segnalazione. La condividono con la polizia o con organizzazioni partner solo se lei è d'accordo.
landing-stored-title = Che cosa viene conservato e che cosa no
landing-stored-yes = Conservato, sempre cifrato: le sue risposte, i suoi file e i suoi messaggi.
landing-stored-meta = Conservato in chiaro: il giorno in cui è arrivata la segnalazione (non l'ora), il suo stato e la sua dimensione.
landing-stored-no = Mai conservato: il suo indirizzo IP, il suo browser o dispositivo, l'ora, la sua ricevuta.
landing-safety-title = Si protegga
landing-safety-device = Usi un dispositivo e una rete che nessun altro controlla: non un computer di lavoro, non un telefono condiviso, non un dispositivo avuto da qualcuno di cui non si fida.
landing-safety-tor = Se può, usi Tor Browser (torproject.org). Nasconde il luogo da cui si collega. Questo sito funziona completamente con JavaScript disattivato (livello di sicurezza «Il più sicuro»).
landing-safety-wechat = Non parli della sua segnalazione su WeChat o su altre app che potrebbero essere controllate.
landing-safety-exit = Il link «Uscita rapida», in alto, lascia subito questo sito. Non cancella la cronologia: chiuda il browser o usi «Nuova identità» in Tor Browser.
landing-emergency-title = In caso di emergenza
landing-emergency-text = Se è in pericolo immediato, chiami subito il numero di emergenza locale: 112 in Europa, 911 in America del Nord, 999 nel Regno Unito, 000 in Australia. Questo canale non è seguito 24 ore su 24.
landing-start = Fare una segnalazione
landing-return = Ho già una ricevuta

## The report form
form-title = Fare una segnalazione
form-intro = Deve rispondere solo alle domande segnate come «obbligatorio». Risponda a ciò che sa e lasci vuoto il resto. Può scrivere in qualsiasi lingua.
form-required = (obbligatorio)
form-optional = (facoltativo)
form-submit = Invia la segnalazione, cifrata
form-submit-help = Con Tor l'invio può richiedere un po' di tempo, soprattutto con file grandi. Attenda finché non vede la sua ricevuta.
form-not-open = Questo canale non accetta ancora segnalazioni. Torni più tardi, per favore.
form-errors-title = Controlli queste risposte, per favore
form-files-not-kept = I file che aveva scelto non sono stati conservati. Li scelga di nuovo prima di inviare.
form-session-expired = Per la sua sicurezza, questo modulo era scaduto. Le sue risposte sono qui sotto: le controlli e invii di nuovo.
form-already-received = Questa segnalazione è già stata ricevuta. La sua ricevuta è stata mostrata una sola volta, nella pagina dopo l'invio.

subject-legend = Di che cosa parla la sua segnalazione?
subject-station_information = Informazioni su una stazione o su un altro luogo
subject-happened_to_me = Qualcosa che è successo a me
subject-happened_to_someone = Qualcosa che è successo a una persona che conosco o alla mia famiglia

incident-legend = Che cosa è successo?
incident-help = Scelga tutte le risposte che valgono.
incident-threats = Minacce o intimidazioni
incident-harassment = Molestie
incident-surveillance = Sorveglianza, essere seguiti o fotografati
incident-family_pressure = Pressioni sulla famiglia in Cina (minacce, visite, detenzione, perdita del lavoro, della pensione, della scuola o del passaporto)
incident-family_detained = Un familiare in patria arrestato, incarcerato o mandato in un campo, o che non si riesce più a raggiungere
incident-persuaded_to_return = Essere «persuasi» o costretti a tornare in Cina
incident-online_contact = Contatti online (WeChat o altre app, chiamate)
incident-in_person_approach = Un avvicinamento di persona da parte di funzionari, agenti o persone che agiscono per loro
incident-pressure_to_inform = Pressioni per dare informazioni su altre persone (associazioni della comunità, luoghi di culto, proteste)
incident-digital_attack = Attacchi informatici (hacking, phishing, furto d'identità, pubblicazione di dati privati)
incident-bounty_or_smear = Una taglia o un avviso di ricerca contro di lei, o una campagna diffamatoria (lettere ai vicini o al datore di lavoro, video dei media di Stato, a volte con i suoi stessi familiari)
incident-station_activity = Visite a una stazione, o attività in una stazione
incident-document_control = Passaporto o documenti rifiutati, sequestrati, annullati o non rinnovati (per esempio «torni in Cina per rinnovarlo»); servizi consolari rifiutati
incident-legal_pressure = Uso distorto della legge: mandati d'arresto, avvisi dell'INTERPOL, richieste di estradizione o di espulsione
incident-physical_harm = Violenza, detenzione o un tentativo di portare via qualcuno
incident-other = Altro
incident-other-label = Se altro, che cosa?

demand-legend = Che cosa le è stato chiesto, se qualcosa?
demand-return = Di tornare in Cina
demand-silence = Di tacere o di interrompere un'attività
demand-informing = Di dare informazioni su altre persone
demand-delete_content = Di cancellare post, articoli o altri contenuti
demand-personal_information = Di mandare i suoi dati personali (copie del documento d'identità o del passaporto, indirizzo, foto, luogo di lavoro o di studio)
demand-other = Altro
demand-nothing = Niente, o non lo so
demand-other-label = Se altro, che cosa?

when-legend = Quando è successo?
when-exact = In una data che conosco
when-month = In un mese che conosco
when-approximate = Più o meno
when-unknown = Non lo so, o preferisco non dirlo
when-date-label = Data (anno-mese-giorno, per esempio 2024-03-17)
when-month-label = Mese (anno-mese, per esempio 2024-03)
when-approximate-label = Più o meno quando (per esempio «primavera 2023»)
when-ongoing = Sta ancora succedendo

where-legend = Dove?
country-label = Paese o regione
country-choose = Scelga un paese o una regione
country-other = Un altro paese o un'altra regione (lo scriva qui sotto)
country-other-label = Altro paese o regione
city-label = Città o paese
place-kind-label = Che tipo di luogo è?
place-kind-none = Nessun luogo preciso, o non lo so
place-kind-station = Una «stazione di servizio di polizia» o un ufficio simile
place-kind-association_office = La sede di un'associazione (di compaesani, di commercianti, culturale)
place-kind-business = Un'attività commerciale (ristorante, negozio, agenzia di viaggi)
place-kind-residence = Un'abitazione privata
place-kind-online = Solo online
place-kind-other = Altro
place-name-label = Nome della stazione o del luogo
place-address-label = Il suo indirizzo

people-legend = Persone coinvolte
people-help = Funzionari, agenti, intermediari o familiari che hanno subito pressioni. Scriva quello che sa; ogni campo è facoltativo.
person-legend = Persona { $number }
person-names-label = Nomi, in qualsiasi scrittura (uno per riga, o separati da /)
person-names-help = Per esempio: 陈伟 / Chan Wai / CHEN Wei
person-role-label = Ruolo di questa persona
person-role-none = Scelga, se lo sa
role-official_or_agent = Funzionario o agente
role-intermediary = Intermediario o persona che agisce per loro
role-family_member = Familiare
role-minder = Un «sorvegliante» che osserva lei, la sua famiglia o la sua comunità per conto delle autorità
role-other = Qualcun altro, o non lo so
person-phones-label = Numeri di telefono (separati da virgole)
person-wechat-label = ID WeChat
person-emails-label = Indirizzi e-mail
person-accounts-label = Altri account (app, social network)
person-description-label = Descrizione (aspetto, auto, che cosa ha detto)
people-more = Aggiungi altre persone
org-legend = Organizzazioni nominate
org-help = Per esempio un ufficio di pubblica sicurezza, un'associazione o un'azienda.
org-item-legend = Organizzazione { $number }
org-name-label = Nome
org-details-label = Che cosa ne sa
orgs-more = Aggiungi altre organizzazioni

actions-legend = Che cosa ha già fatto?
police-report-label = L'ho denunciato alla polizia
police-reference-label = Numero della denuncia, se c'è
other-organisations-label = Altre organizzazioni a cui l'ho detto (facoltativo)

narrative-legend = Con parole sue
narrative-label = Che cosa è successo? Lo descriva con parole sue, in qualsiasi lingua.
narrative-help = Fino a { $max } caratteri. Scriva ciò che le sembra importante: chi, che cosa, quando, dove, e come lo ha saputo.

files-legend = File
files-label = Foto, screenshot, registrazioni, documenti
files-help = Può scegliere più file. Al massimo { $file_limit } per file e { $report_limit } in tutto. I file possono contenere dati nascosti su di lei (per esempio il luogo in cui è stata scattata una foto); se può, li tolga.

consent-legend = Le sue scelte
consent-help = Ognuna è separata. Può dire di no a tutte; la sua segnalazione viene ricevuta comunque.
consent-follow_up = Gli investigatori possono farmi domande qui (tornerò con la mia ricevuta)
consent-share_police = La mia segnalazione può essere condivisa con la polizia
consent-share_partners = La mia segnalazione può essere condivisa con organizzazioni partner per i diritti umani
consent-statistics = La mia segnalazione può essere contata in statistiche anonime

contact-legend = Recapiti
contact-label = Come potremmo contattarla, se lo desidera (cifrato come tutto il resto)
contact-help = Facoltativo. Lasci il campo vuoto per restare nell'anonimato. Indichi solo recapiti che altri non possono controllare.

copy-legend = Rivedere la segnalazione più tardi
copy-label = Voglio vedere ciò che ho inviato quando torno con la mia ricevuta
copy-risk = Ci pensi prima di spuntare questa casella. Chiunque trovi la sua ricevuta, o la costringa a consegnarla, potrebbe leggere tutto ciò che ha scritto qui, nomi compresi. Se qualcuno potrebbe controllare il suo telefono o i suoi documenti, non la spunti. In ogni caso gli investigatori ricevono la sua segnalazione completa, e con la ricevuta lei può leggere i loro messaggi.

## Errors in form fields
error-required = Risponda a questa domanda, per favore.
error-too-long = Questa risposta è troppo lunga: al massimo { $max } caratteri.
error-invalid-choice = Scelga una delle opzioni proposte, per favore.
error-invalid-date = Scriva la data come anno-mese-giorno, per esempio 2024-03-17.
error-invalid-month = Scriva il mese come anno-mese, per esempio 2024-03.
error-future-date = Questa data è nel futuro.
error-field-message = Il suo messaggio

## The receipt page
receipt-title = La sua segnalazione è arrivata
receipt-intro = Grazie. La sua segnalazione è cifrata e solo gli investigatori possono leggerla.
receipt-label = La sua ricevuta
receipt-keep = Scriva questa ricevuta su un foglio, o la impari a memoria, e la tenga al sicuro. Viene mostrata solo adesso: non è salvata da nessuna parte e non si può recuperare.
receipt-warning = Chiunque abbia questa ricevuta può leggere i messaggi degli investigatori per lei. Non la salvi su un dispositivo che altri possono controllare e non la mandi a nessuno.
receipt-return = Torni fra qualche giorno con la sua ricevuta per vedere se gli investigatori hanno domande: usi «Ho una ricevuta» nella pagina iniziale.
receipt-done = Ho conservato la mia ricevuta
receipt-exit-ask = La sua ricevuta non verrà più mostrata. Esca solo se l'ha scritta, o se non le serve.
receipt-exit-now = Esci ora
receipt-leave-label = Per lasciare questa pagina, scriva le ultime quattro cifre della sua ricevuta: così si verifica che l'ha conservata.
receipt-leave-hint = le ultime quattro cifre della ricevuta qui sopra
receipt-copy-warning = Ha scelto di conservare una copia della sua segnalazione: con questa ricevuta chiunque può leggere anche tutto ciò che ha inviato, nomi compresi. Quando torna può cancellare la copia.

## Coming back with a receipt
return-title = Tornare con la ricevuta
return-intro = Scriva le 20 cifre della sua ricevuta. Spazi e trattini non contano.
return-label = Ricevuta
return-submit = Apri
return-format-error = Una ricevuta ha 20 cifre. Controlli ciò che ha scritto, per favore.
return-rejected = Con questa ricevuta non è stato possibile aprire nessuna segnalazione. Controlli le cifre e riprovi.
return-throttled = In questo momento ci sono troppi tentativi su questo sito. Aspetti un minuto e riprovi.
return-expired = La sua sessione è terminata. Scriva di nuovo la sua ricevuta, per favore.

## The conversation
thread-title = La sua segnalazione
thread-received = Arrivata il { $day }
thread-status = Stato: { $status }
thread-files = File inviati finora: { $count }
thread-messages-title = Messaggi
thread-no-messages = Ancora nessun messaggio. Gli investigatori possono scriverle qui: torni più tardi.
thread-from-you = Lei
thread-from-unverified = Non verificabile (non dagli investigatori)
thread-from-investigators = Investigatori
thread-files-only = (file inviati)
thread-reply-title = Scrivere agli investigatori
thread-reply-label = Il suo messaggio
thread-reply-files = Aggiungi file (facoltativo)
thread-reply-submit = Invia, cifrato
thread-reply-sent = Il suo messaggio è stato inviato.
thread-leave = Esci
thread-leave-help = Chiude la sua sessione su questo dispositivo. Può tornare con la sua ricevuta.
copy-title = Ciò che ha inviato
copy-intro = Ha scelto di conservare questa copia. Viene aperta solo per questa visita, con la sua ricevuta, e chiunque abbia la sua ricevuta può leggerla. Se non le serve più, la cancelli.
copy-show = Mostra ciò che ha inviato
copy-files = File inviati con la segnalazione
copy-no-files = Con la segnalazione non è stato inviato nessun file.
copy-consents-none = Nessuna di queste
copy-delete = Cancella la mia copia
copy-delete-help = Viene cancellata solo la sua copia: gli investigatori conservano la segnalazione e lei può continuare a leggere i loro messaggi. Non si può annullare.
copy-delete-confirm = Sì, cancella la mia copia
copy-deleted = La sua copia è stata cancellata. Gli investigatori hanno ancora la sua segnalazione.
copy-not-deleted = La sua copia non è stata cancellata perché la pagina era scaduta. Riprovi.
copy-unverified = Qui è stata trovata una copia della sua segnalazione che non è stato possibile verificare. Non viene mostrata, perché potrebbe non essere ciò che lei ha inviato.
copy-not-kept = Qui non viene conservata nessuna copia della sua segnalazione per lei: solo gli investigatori possono leggerla.

status-new = Arrivata, non ancora letta
status-in_review = In esame
status-waiting_for_reporter = Gli investigatori aspettano la sua risposta
status-referred = Trasmessa, con il suo consenso
status-closed = Chiusa
status-spam = Chiusa
status-you-answered = Ha risposto; gli investigatori lo leggeranno

## Error pages
error-not-found-title = Pagina non trovata
error-not-found-text = Questa pagina non esiste. Torni alla pagina iniziale.
error-bad-request-title = Non è stato possibile leggere il modulo
error-bad-request-text = Non è stato possibile leggere ciò che il suo browser ha inviato. Torni indietro e riprovi.
error-too-large-title = Troppo grande
error-too-large-text = I file sono più grandi di quanto questo sito accetta: al massimo { $file_limit } per file e { $report_limit } in tutto. Invii meno file o file più piccoli.
error-too-many-files = Troppi file: al massimo { $limit } alla volta.
error-busy = Il sito è molto occupato in questo momento. Quello che ha scritto è conservato in questa pagina: attenda un minuto, poi lo invii di nuovo.
error-too-slow = La connessione era troppo lenta per ricevere tutto, quindi i file non sono stati conservati. Quello che ha scritto è conservato in questa pagina: lo invii di nuovo, con meno file o file più piccoli se può.
error-throttled-title = Attenda, per favore
error-unavailable-title = Non disponibile
error-internal-title = Qualcosa non ha funzionato
error-internal-text = Qualcosa non ha funzionato da parte nostra. Non è stato salvato nulla. Riprovi più tardi.
error-reference = Riferimento: { $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = Emirati Arabi Uniti
country-AR = Argentina
country-AT = Austria
country-AU = Australia
country-BE = Belgio
country-BR = Brasile
country-CA = Canada
country-CH = Svizzera
country-CL = Cile
country-CN = Cina
country-CZ = Cechia
country-DE = Germania
country-DK = Danimarca
country-EC = Ecuador
country-EG = Egitto
country-ES = Spagna
country-FI = Finlandia
country-FR = Francia
country-GB = Regno Unito
country-GR = Grecia
country-HK = Hong Kong
country-HR = Croazia
country-HU = Ungheria
country-ID = Indonesia
country-IE = Irlanda
country-IN = India
country-IT = Italia
country-JP = Giappone
country-KG = Kirghizistan
country-KH = Cambogia
country-KR = Corea del Sud
country-KZ = Kazakistan
country-LS = Lesotho
country-MM = Myanmar
country-MN = Mongolia
country-MX = Messico
country-MY = Malaysia
country-NG = Nigeria
country-NL = Paesi Bassi
country-NO = Norvegia
country-NP = Nepal
country-NZ = Nuova Zelanda
country-PH = Filippine
country-PL = Polonia
country-PT = Portogallo
country-RO = Romania
country-RS = Serbia
country-SA = Arabia Saudita
country-SE = Svezia
country-SG = Singapore
country-SK = Slovacchia
country-TH = Thailandia
country-TR = Turchia
country-TW = Taiwan
country-TZ = Tanzania
country-UA = Ucraina
country-US = Stati Uniti
country-UZ = Uzbekistan
country-VN = Vietnam
country-ZA = Sudafrica

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "," }
size-bytes = { $n } byte
size-kib = { $n } KB
size-mib = { $n } MB
size-gib = { $n } GB
size-tib = { $n } TB
