### Ligne de signalement Quietline : français.
### Tous les textes visibles des pages destinées aux personnes qui signalent. Les clés sont identiques dans chaque langue
### (un test le vérifie). Des mots simples : les lecteurs peuvent avoir peur, et lire dans une seconde langue.
### Review: not yet reviewed by a native speaker (translated by the Quietline team).

## About this language
language-name = Français
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = ltr
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = unreviewed

## Every page
site-name = Quietline
site-tagline = Un moyen sûr de signaler les pressions exercées par les « postes de police » chinois à l'étranger
quick-exit = Sortie rapide
quick-exit-help = Quitte ce site immédiatement pour une page sans rapport.
skip-to-content = Aller au contenu principal
nav-home = Accueil
nav-report = Faire un signalement
nav-return = J'ai un reçu
choose-language = Langue
footer-privacy = Ce site n'enregistre aucune adresse IP, aucune information sur votre navigateur et aucun cookie de suivi. Il ne charge rien depuis d'autres sites.

## Language chooser (/)
chooser-title = Choisissez votre langue
chooser-intro = Faites un signalement en toute sécurité, dans votre langue, sans donner votre nom.

## Landing page
landing-title = Signaler en toute sécurité et de façon anonyme
landing-intro = Ce service de signalement s'adresse aux personnes qui ont connaissance d'un « poste de police » chinois à l'étranger (aussi appelé « station de service de police »), et à celles qui sont menacées, harcelées ou soumises à des pressions par des personnes liées à un tel poste, par exemple à travers leur famille en Chine. Les enquêteurs utilisent les signalements pour comprendre ce qui se passe et pour protéger les personnes.
landing-what-happens-title = Ce que devient votre signalement
landing-what-happens-1 = Vous remplissez un formulaire. Seuls la première question et votre propre récit sont obligatoires. Vous n'avez pas à donner votre nom.
landing-what-happens-2 = Dès son arrivée, votre signalement est verrouillé (chiffré) avec des clés que seuls les enquêteurs possèdent. Ensuite, le serveur lui-même ne peut plus le lire.
landing-what-happens-3 = Vous recevez un reçu : 20 chiffres. Avec ce reçu, vous pouvez revenir, voir si les enquêteurs ont des questions, y répondre et ajouter des fichiers.
landing-what-happens-4 = Les enquêteurs lisent le signalement. Ils ne le transmettent à la police ou à des organisations partenaires que si vous êtes d'accord.
landing-stored-title = Ce qui est enregistré, et ce qui ne l'est pas
landing-stored-yes = Enregistré, toujours chiffré : vos réponses, vos fichiers et vos messages.
landing-stored-meta = Enregistré sans chiffrement : le jour où votre signalement est arrivé (pas l'heure), son état et sa taille.
landing-stored-no = Jamais enregistré : votre adresse IP, votre navigateur ou votre appareil, l'heure, votre reçu.
landing-safety-title = Protégez-vous
landing-safety-device = Utilisez un appareil et un réseau que personne d'autre ne contrôle : pas un ordinateur de travail, pas un téléphone partagé, pas un appareil donné par quelqu'un en qui vous n'avez pas confiance.
landing-safety-tor = Utilisez Tor Browser si vous le pouvez (torproject.org). Il cache l'endroit d'où vous vous connectez. Ce site fonctionne entièrement avec JavaScript désactivé (niveau de sécurité « Le plus sûr »).
landing-safety-wechat = Ne parlez pas de votre signalement sur WeChat ni sur d'autres applications qui peuvent être surveillées.
landing-safety-exit = Le lien « Sortie rapide », en haut de la page, quitte ce site immédiatement. Il n'efface pas votre historique : fermez le navigateur, ou utilisez « Nouvelle identité » dans Tor Browser.
landing-emergency-title = En cas d'urgence
landing-emergency-text = Si vous êtes en danger immédiat, appelez tout de suite le numéro d'urgence local : 112 en Europe, 911 en Amérique du Nord, 999 au Royaume-Uni, 000 en Australie. Ce service de signalement n'est pas suivi 24 heures sur 24.
landing-start = Faire un signalement
landing-return = J'ai déjà un reçu

## The report form
form-title = Faire un signalement
form-intro = Seules les questions marquées « obligatoire » demandent une réponse. Répondez à ce que vous savez et laissez le reste vide. Vous pouvez écrire dans n'importe quelle langue.
form-required = (obligatoire)
form-optional = (facultatif)
form-submit = Envoyer le signalement, chiffré
form-submit-help = L'envoi peut prendre du temps avec Tor, surtout avec de gros fichiers. Attendez de voir votre reçu.
form-not-open = Ce service n'accepte pas encore de signalements. Merci de revenir plus tard.
form-errors-title = Veuillez vérifier ces réponses
form-files-not-kept = Les fichiers que vous aviez choisis n'ont pas été conservés. Veuillez les choisir à nouveau avant d'envoyer.
form-session-expired = Pour votre sécurité, ce formulaire avait expiré. Vos réponses sont ci-dessous : vérifiez-les et envoyez à nouveau.
form-already-received = Ce signalement a déjà été reçu. Votre reçu a été affiché une seule fois, sur la page qui a suivi l'envoi.

subject-legend = Sur quoi porte votre signalement ?
subject-station_information = Des informations sur un poste ou un autre lieu
subject-happened_to_me = Quelque chose qui m'est arrivé
subject-happened_to_someone = Quelque chose qui est arrivé à une personne que je connais, ou à ma famille

incident-legend = Que s'est-il passé ?
incident-help = Cochez tout ce qui correspond.
incident-threats = Menaces ou intimidation
incident-harassment = Harcèlement
incident-surveillance = Surveillance, filature ou prise de photos
incident-family_pressure = Pressions sur la famille en Chine (menaces, visites, détention, perte d'emploi, de retraite, d'accès à l'école ou de passeport)
incident-persuaded_to_return = Être « persuadé » ou sommé de rentrer en Chine
incident-online_contact = Contacts en ligne (WeChat ou autres applications, appels)
incident-in_person_approach = Une prise de contact en personne par des responsables officiels, des agents ou des personnes agissant pour leur compte
incident-pressure_to_inform = Pressions pour donner des informations sur d'autres personnes (associations de la communauté, lieux de culte, manifestations)
incident-digital_attack = Attaques numériques (piratage, hameçonnage, usurpation d'identité, publication d'informations privées)
incident-station_activity = Visites à un poste, ou activités dans un poste
incident-document_control = Passeport ou documents refusés, confisqués, annulés ou non renouvelés (par exemple « rentrez en Chine pour le renouveler ») ; services consulaires refusés
incident-legal_pressure = Utilisation abusive du droit : mandats d'arrêt, notices d'INTERPOL, demandes d'extradition ou d'expulsion
incident-physical_harm = Violences, détention ou tentative d'emmener quelqu'un de force
incident-family_detained = Un proche resté au pays détenu, emprisonné ou envoyé dans un camp, ou qu'on ne peut plus joindre
incident-bounty_or_smear = Une prime ou un avis de recherche contre vous, ou une campagne de dénigrement (lettres aux voisins ou à l'employeur, vidéos des médias d'État, parfois avec vos propres proches)
incident-other = Autre chose
incident-other-label = Si c'est autre chose, précisez

demand-legend = Y a-t-il eu des exigences ? Lesquelles ?
demand-return = Rentrer en Chine
demand-silence = Se taire ou arrêter une activité
demand-informing = Donner des informations sur d'autres personnes
demand-delete_content = Supprimer des publications, des articles ou d'autres contenus
demand-personal_information = Envoyer vos informations personnelles (copies de pièce d'identité ou de passeport, adresse, photos, lieu de travail ou d'études)
demand-other = Autre chose
demand-nothing = Rien, ou je ne sais pas
demand-other-label = Si c'est autre chose, précisez

when-legend = Quand cela s'est-il passé ?
when-exact = À une date que je connais
when-month = Au cours d'un mois que je connais
when-approximate = Approximativement
when-unknown = Je ne sais pas, ou je préfère ne pas le dire
when-date-label = Date (année-mois-jour, par exemple 2024-03-17)
when-month-label = Mois (année-mois, par exemple 2024-03)
when-approximate-label = Période approximative (par exemple « printemps 2023 »)
when-ongoing = Cela continue encore

where-legend = Où ?
country-label = Pays ou région
country-choose = Choisissez un pays ou une région
country-other = Un autre pays ou une autre région (écrivez-le ci-dessous)
country-other-label = Autre pays ou région
city-label = Ville ou localité
place-kind-label = De quel type de lieu s'agit-il ?
place-kind-none = Pas un lieu précis, ou je ne sais pas
place-kind-station = Un « poste de police » ou un bureau similaire
place-kind-association_office = Le local d'une association (originaires d'une même région, commerçants, culture)
place-kind-business = Un commerce (restaurant, magasin, agence de voyages)
place-kind-residence = Un domicile privé
place-kind-online = Uniquement en ligne
place-kind-other = Autre chose
place-name-label = Nom du poste ou du lieu
place-address-label = Son adresse

people-legend = Personnes impliquées
people-help = Responsables officiels, agents, intermédiaires, ou membres de la famille qui ont subi des pressions. Indiquez ce que vous savez ; tous les champs sont facultatifs.
person-legend = Personne { $number }
person-names-label = Noms, dans n'importe quelle écriture (un par ligne, ou séparés par /)
person-names-help = Par exemple : 陈伟 / Chan Wai / CHEN Wei
person-role-label = Son rôle
person-role-none = Choisissez, si vous le savez
role-official_or_agent = Responsable officiel ou agent
role-intermediary = Intermédiaire ou personne agissant pour leur compte
role-family_member = Membre de la famille
role-minder = Un « surveillant » qui vous observe, vous, votre famille ou votre communauté, pour les autorités
role-other = Quelqu'un d'autre, ou je ne sais pas
person-phones-label = Numéros de téléphone (séparés par des virgules)
person-wechat-label = Identifiants WeChat
person-emails-label = Adresses e-mail
person-accounts-label = Autres comptes (applications, réseaux sociaux)
person-description-label = Description (apparence, voiture, ce que la personne a dit)
people-more = Ajouter d'autres personnes
org-legend = Organisations mentionnées
org-help = Par exemple un bureau de la sécurité publique (公安局), une association ou une entreprise.
org-item-legend = Organisation { $number }
org-name-label = Nom
org-details-label = Ce que vous savez à son sujet
orgs-more = Ajouter d'autres organisations

actions-legend = Qu'avez-vous déjà fait ?
police-report-label = J'ai signalé les faits à la police
police-reference-label = Numéro de référence de la police, s'il y en a un
other-organisations-label = Autres organisations que j'ai informées (facultatif)

narrative-legend = Avec vos propres mots
narrative-label = Que s'est-il passé ? Décrivez-le avec vos propres mots, dans n'importe quelle langue.
narrative-help = Jusqu'à { $max } caractères. Indiquez ce qui vous semble important : qui, quoi, quand, où, comment vous l'avez appris.

files-legend = Fichiers
files-label = Photos, captures d'écran, enregistrements, documents
files-help = Vous pouvez choisir plusieurs fichiers. Au maximum { $file_limit } par fichier et { $report_limit } au total. Les fichiers peuvent contenir des informations cachées sur vous (par exemple l'endroit où une photo a été prise) ; retirez ces informations si vous le pouvez.

consent-legend = Vos choix
consent-help = Chaque choix est indépendant. Vous pouvez tout refuser ; votre signalement sera quand même reçu.
consent-follow_up = Les enquêteurs peuvent me poser des questions ici (je reviendrai avec mon reçu)
consent-share_police = Mon signalement peut être transmis à la police
consent-share_partners = Mon signalement peut être transmis à des organisations partenaires de défense des droits humains
consent-statistics = Mon signalement peut être compté dans des statistiques anonymes

contact-legend = Coordonnées
contact-label = Comment nous pourrions vous joindre, si vous le souhaitez (chiffré comme tout le reste)
contact-help = Facultatif. Laissez vide pour rester anonyme. Ne donnez que des coordonnées que d'autres ne peuvent pas surveiller.

copy-legend = Revoir votre signalement plus tard
copy-label = Me laisser voir ce que j'ai envoyé quand je reviens avec mon reçu
copy-risk = Réfléchissez avant de cocher cette case. Toute personne qui trouve votre reçu, ou qui vous force à le donner, pourrait alors lire tout ce que vous avez écrit ici, noms compris. Si quelqu'un risque de fouiller votre téléphone ou vos papiers, ne la cochez pas. Dans tous les cas, les enquêteurs reçoivent votre signalement complet, et votre reçu vous permet de lire leurs messages.

## Errors in form fields
error-required = Veuillez répondre à cette question.
error-too-long = Cette réponse est trop longue : { $max } caractères au maximum.
error-invalid-choice = Veuillez choisir l'une des options proposées.
error-invalid-date = Veuillez écrire la date sous la forme année-mois-jour, par exemple 2024-03-17.
error-invalid-month = Veuillez écrire le mois sous la forme année-mois, par exemple 2024-03.
error-future-date = Cette date est dans le futur.
error-field-message = Votre message

## The receipt page
receipt-title = Votre signalement a bien été reçu
receipt-intro = Merci. Votre signalement est chiffré et seuls les enquêteurs peuvent le lire.
receipt-label = Votre reçu
receipt-keep = Notez ce reçu sur papier, ou apprenez-le par cœur, et gardez-le en lieu sûr. C'est la seule fois qu'il est affiché : il n'est enregistré nulle part et ne peut pas être retrouvé.
receipt-warning = Toute personne qui a ce reçu peut lire les messages que les enquêteurs vous adressent. Ne l'enregistrez pas sur un appareil que d'autres peuvent consulter, et ne l'envoyez à personne.
receipt-return = Revenez dans quelques jours avec votre reçu pour voir si les enquêteurs ont des questions : utilisez « J'ai un reçu » sur la page d'accueil.
receipt-done = J'ai conservé mon reçu
receipt-exit-ask = Votre reçu ne sera plus affiché. Ne partez que si vous l'avez noté, ou si vous n'en avez pas besoin.
receipt-exit-now = Partir maintenant
receipt-leave-label = Pour quitter cette page, tapez les quatre derniers chiffres de votre reçu : cela vérifie que vous l'avez bien.
receipt-leave-hint = les quatre derniers chiffres du reçu ci-dessus
receipt-copy-warning = Vous avez choisi de garder une copie de votre signalement : avec ce reçu, n'importe qui peut aussi lire tout ce que vous avez envoyé, noms compris. Vous pourrez supprimer la copie quand vous reviendrez.

## Coming back with a receipt
return-title = Revenir avec votre reçu
return-intro = Saisissez les 20 chiffres de votre reçu. Les espaces et les tirets n'ont pas d'importance.
return-label = Reçu
return-submit = Ouvrir
return-format-error = Un reçu compte 20 chiffres. Veuillez vérifier ce que vous avez saisi.
return-rejected = Aucun signalement n'a pu être ouvert avec ce reçu. Veuillez vérifier les chiffres et réessayer.
return-throttled = Trop de tentatives sur ce site en ce moment. Veuillez patienter une minute, puis réessayer.
return-expired = Votre session a pris fin. Veuillez saisir à nouveau votre reçu.

## The conversation
thread-title = Votre signalement
thread-received = Date de réception : { $day }
thread-status = État : { $status }
thread-files = Fichiers envoyés jusqu'ici : { $count }
thread-messages-title = Messages
thread-no-messages = Pas encore de message. Les enquêteurs peuvent vous écrire ici : revenez plus tard.
thread-from-you = Vous
thread-from-unverified = Origine non vérifiée (pas des enquêteurs)
thread-from-investigators = Enquêteurs
thread-files-only = (fichiers envoyés)
thread-reply-title = Écrire aux enquêteurs
thread-reply-label = Votre message
thread-reply-files = Ajouter des fichiers (facultatif)
thread-reply-submit = Envoyer, chiffré
thread-reply-sent = Votre message a été envoyé.
thread-leave = Quitter
thread-leave-help = Ferme votre session sur cet appareil. Vous pourrez revenir avec votre reçu.
copy-title = Ce que vous avez envoyé
copy-intro = Vous avez choisi de garder cette copie. Elle n'est ouverte que pour cette visite, avec votre reçu, et toute personne qui a votre reçu peut la lire. Si vous n'en avez plus besoin, supprimez-la.
copy-show = Afficher ce que vous avez envoyé
copy-files = Fichiers envoyés avec le signalement
copy-no-files = Aucun fichier n'a été envoyé avec le signalement.
copy-consents-none = Aucun de ces choix
copy-delete = Supprimer ma copie
copy-delete-help = Seule votre copie est supprimée : les enquêteurs gardent votre signalement, et vous pouvez toujours lire leurs messages. C'est définitif.
copy-delete-confirm = Oui, supprimer ma copie
copy-deleted = Votre copie a été supprimée. Les enquêteurs ont toujours votre signalement.
copy-not-deleted = Votre copie n'a pas été supprimée, car la page avait expiré. Veuillez réessayer.
copy-unverified = Une copie de votre signalement a été trouvée ici, mais son origine n'a pas pu être vérifiée. Elle n'est pas affichée, car ce n'est peut-être pas ce que vous avez envoyé.
copy-not-kept = Aucune copie de votre signalement n'est gardée ici pour vous : seuls les enquêteurs peuvent le lire.

status-new = Bien arrivé, pas encore lu
status-in_review = En cours d'examen
status-waiting_for_reporter = Les enquêteurs attendent votre réponse
status-referred = Transmis, avec votre accord
status-closed = Clôturé
status-spam = Clôturé
status-you-answered = Vous avez répondu ; les enquêteurs vont le lire

## Error pages
error-not-found-title = Page introuvable
error-not-found-text = Cette page n'existe pas. Retournez à la page d'accueil.
error-bad-request-title = Le formulaire n'a pas pu être lu
error-bad-request-text = Ce que votre navigateur a envoyé n'a pas pu être lu. Veuillez revenir en arrière et réessayer.
error-too-large-title = Trop volumineux
error-too-large-text = Les fichiers dépassent la taille acceptée par ce site : au maximum { $file_limit } par fichier et { $report_limit } au total. Veuillez envoyer moins de fichiers, ou des fichiers plus petits.
error-too-many-files = Trop de fichiers : { $limit } au maximum à la fois.
error-busy = Le site est très sollicité en ce moment. Ce que vous avez écrit est conservé sur cette page : veuillez patienter une minute, puis l'envoyer à nouveau.
error-too-slow = La connexion était trop lente pour tout recevoir, et les fichiers n'ont pas été conservés. Ce que vous avez écrit est conservé sur cette page : veuillez l'envoyer à nouveau, avec moins de fichiers ou des fichiers plus petits si possible.
error-throttled-title = Veuillez patienter
error-unavailable-title = Service indisponible
error-internal-title = Un problème est survenu
error-internal-text = Un problème est survenu de notre côté. Rien n'a été enregistré. Veuillez réessayer plus tard.
error-reference = Référence : { $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = Émirats arabes unis
country-AR = Argentine
country-AT = Autriche
country-AU = Australie
country-BE = Belgique
country-BR = Brésil
country-CA = Canada
country-CH = Suisse
country-CL = Chili
country-CN = Chine
country-CZ = Tchéquie
country-DE = Allemagne
country-DK = Danemark
country-EC = Équateur
country-EG = Égypte
country-ES = Espagne
country-FI = Finlande
country-FR = France
country-GB = Royaume-Uni
country-GR = Grèce
country-HK = Hong Kong
country-HR = Croatie
country-HU = Hongrie
country-ID = Indonésie
country-IE = Irlande
country-IN = Inde
country-IT = Italie
country-JP = Japon
country-KG = Kirghizistan
country-KH = Cambodge
country-KR = Corée du Sud
country-KZ = Kazakhstan
country-LS = Lesotho
country-MM = Myanmar (Birmanie)
country-MN = Mongolie
country-MX = Mexique
country-MY = Malaisie
country-NG = Nigeria
country-NL = Pays-Bas
country-NO = Norvège
country-NP = Népal
country-NZ = Nouvelle-Zélande
country-PH = Philippines
country-PL = Pologne
country-PT = Portugal
country-RO = Roumanie
country-RS = Serbie
country-SA = Arabie saoudite
country-SE = Suède
country-SG = Singapour
country-SK = Slovaquie
country-TH = Thaïlande
country-TR = Turquie
country-TW = Taïwan
country-TZ = Tanzanie
country-UA = Ukraine
country-US = États-Unis
country-UZ = Ouzbékistan
country-VN = Viêt Nam
country-ZA = Afrique du Sud

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "," }
size-bytes = { $n } octets
size-kib = { $n } Ko
size-mib = { $n } Mo
size-gib = { $n } Go
size-tib = { $n } To
