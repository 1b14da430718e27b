### Canal de información Quietline: español.
### Todos los textos visibles de las páginas para quien informa. Las claves son idénticas en cada idioma
### (una prueba lo comprueba). Palabras sencillas: quien lee puede tener miedo, o leer en un segundo idioma.
### Review: not yet reviewed by a native speaker (translated by the Quietline team).

## About this language
language-name = Español
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = ltr
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = unreviewed

## Every page
site-name = Quietline
site-tagline = Una forma segura de informar sobre presiones de las «comisarías» chinas en el extranjero
quick-exit = Salida rápida
quick-exit-help = Sale de este sitio al instante y abre una página que no tiene nada que ver.
skip-to-content = Ir al contenido principal
nav-home = Inicio
nav-report = Enviar un informe
nav-return = Tengo un recibo
choose-language = Idioma
footer-privacy = Este sitio no guarda direcciones IP, datos del navegador ni cookies de seguimiento. No carga nada de otros sitios.

## Language chooser (/)
chooser-title = Elija su idioma
chooser-intro = Informe con seguridad, en su idioma, sin dar su nombre.

## Landing page
landing-title = Informar de forma segura y anónima
landing-intro = Este canal es para personas que saben algo de una «comisaría» china en el extranjero (también llamada «estación de servicio policial»), y para personas amenazadas, acosadas o presionadas por gente vinculada a una de ellas, por ejemplo a través de su familia en China. Los investigadores usan los informes para entender lo que está pasando y para proteger a las personas.
landing-what-happens-title = Qué pasa con su informe
landing-what-happens-1 = Usted rellena un formulario. Solo la primera pregunta y su propio relato son obligatorios. No tiene que dar su nombre.
landing-what-happens-2 = En cuanto llega, su informe se cierra con llave (se cifra) con claves que solo tienen los investigadores. Después, ni siquiera el servidor puede leerlo.
landing-what-happens-3 = Se le da un recibo: 20 cifras. Con él puede volver, ver si los investigadores tienen preguntas, responderlas y añadir archivos.
landing-what-happens-4 = Los investigadores leen el informe. Solo lo comparten con la policía o con organizaciones aliadas si usted está de acuerdo.
landing-stored-title = Qué se guarda y qué no
landing-stored-yes = Se guarda, siempre cifrado: sus respuestas, sus archivos y sus mensajes.
landing-stored-meta = Se guarda sin cifrar: el día en que llegó su informe (no la hora), su estado y su tamaño.
landing-stored-no = Nunca se guarda: su dirección IP, su navegador o dispositivo, la hora, su recibo.
landing-safety-title = Protéjase
landing-safety-device = Use un dispositivo y una red que nadie más revise: no un ordenador del trabajo, no un teléfono compartido, no un aparato que le haya dado alguien de quien no se fía.
landing-safety-tor = Si puede, use Tor Browser (torproject.org). Oculta desde dónde se conecta. Este sitio funciona por completo con JavaScript desactivado (nivel «El más seguro»).
landing-safety-wechat = No hable de su informe en WeChat ni en otras aplicaciones que puedan estar vigiladas.
landing-safety-exit = El enlace «Salida rápida», arriba, sale de este sitio al instante. No borra su historial: cierre el navegador o use «Nueva identidad» en Tor Browser.
landing-emergency-title = En caso de emergencia
landing-emergency-text = Si está en peligro inmediato, llame ahora al número de emergencias local: 112 en Europa, 911 en América del Norte, 999 en el Reino Unido, 000 en Australia. Este canal no se atiende las 24 horas.
landing-start = Enviar un informe
landing-return = Ya tengo un recibo

## The report form
form-title = Enviar un informe
form-intro = Solo hay que responder las preguntas marcadas como «obligatoria». Responda lo que sepa y deje el resto en blanco. Puede escribir en cualquier idioma.
form-required = (obligatoria)
form-optional = (opcional)
form-submit = Enviar el informe, cifrado
form-submit-help = Con Tor el envío puede tardar, sobre todo con archivos grandes. Espere hasta ver su recibo.
form-not-open = Este canal todavía no acepta informes. Vuelva más tarde, por favor.
form-errors-title = Revise estas respuestas, por favor
form-files-not-kept = Los archivos que eligió no se han guardado. Elíjalos de nuevo antes de enviar.
form-session-expired = Por su seguridad, este formulario había caducado. Sus respuestas están abajo: revíselas y envíe de nuevo.
form-already-received = Este informe ya se recibió. Su recibo se mostró una sola vez, en la página que siguió al envío.

subject-legend = ¿Sobre qué trata su informe?
subject-station_information = Información sobre una comisaría u otro lugar
subject-happened_to_me = Algo que me pasó a mí
subject-happened_to_someone = Algo que le pasó a alguien que conozco, o a mi familia

incident-legend = ¿Qué pasó?
incident-help = Marque todo lo que corresponda.
incident-threats = Amenazas o intimidación
incident-harassment = Acoso
incident-surveillance = Vigilancia, que le sigan o le fotografíen
incident-family_pressure = Presión sobre la familia en China (amenazas, visitas, detención, pérdida del trabajo, la pensión, la escuela o el pasaporte)
incident-family_detained = Un familiar en su país de origen detenido, encarcelado o enviado a un campo, o con quien ya no hay forma de contactar
incident-persuaded_to_return = Que le «persuadan» u ordenen volver a China
incident-online_contact = Contacto por internet (WeChat u otras aplicaciones, llamadas)
incident-in_person_approach = Un acercamiento en persona de funcionarios, agentes o gente que actúa en su nombre
incident-pressure_to_inform = Presión para dar información sobre otras personas (asociaciones de la comunidad, lugares de culto, protestas)
incident-digital_attack = Ataques digitales (hackeo, phishing, suplantación de identidad, publicación de datos privados)
incident-bounty_or_smear = Una recompensa o una orden de búsqueda contra usted, o una campaña de desprestigio (cartas a vecinos o a la empresa, vídeos de medios estatales, a veces con sus propios familiares)
incident-station_activity = Visitas a una comisaría, o actividad en ella
incident-document_control = Pasaporte o documentos denegados, retirados, anulados o no renovados (por ejemplo «vuelva a China para renovarlo»); servicios consulares denegados
incident-legal_pressure = Uso abusivo de la ley: órdenes de detención, notificaciones de INTERPOL, solicitudes de extradición o de expulsión
incident-physical_harm = Violencia, detención o un intento de llevarse a alguien
incident-other = Otra cosa
incident-other-label = Si es otra cosa, ¿cuál?

demand-legend = ¿Qué le exigieron, si le exigieron algo?
demand-return = Volver a China
demand-silence = Callar o dejar una actividad
demand-informing = Dar información sobre otras personas
demand-delete_content = Borrar publicaciones, artículos u otros contenidos
demand-personal_information = Enviar sus datos personales (copias del documento de identidad o del pasaporte, dirección, fotos, lugar de trabajo o de estudio)
demand-other = Otra cosa
demand-nothing = Nada, o no lo sé
demand-other-label = Si es otra cosa, ¿cuál?

when-legend = ¿Cuándo pasó?
when-exact = En una fecha que sé
when-month = En un mes que sé
when-approximate = Más o menos
when-unknown = No lo sé, o prefiero no decirlo
when-date-label = Fecha (año-mes-día, por ejemplo 2024-03-17)
when-month-label = Mes (año-mes, por ejemplo 2024-03)
when-approximate-label = Más o menos cuándo (por ejemplo «primavera de 2023»)
when-ongoing = Sigue pasando

where-legend = ¿Dónde?
country-label = País o región
country-choose = Elija un país o una región
country-other = Otro país u otra región (escríbalo abajo)
country-other-label = Otro país o región
city-label = Ciudad o pueblo
place-kind-label = ¿Qué tipo de lugar es?
place-kind-none = Ningún lugar concreto, o no lo sé
place-kind-station = Una «estación de servicio policial» u oficina parecida
place-kind-association_office = La sede de una asociación (de paisanos, de comerciantes, cultural)
place-kind-business = Un negocio (restaurante, tienda, agencia de viajes)
place-kind-residence = Una vivienda particular
place-kind-online = Solo por internet
place-kind-other = Otra cosa
place-name-label = Nombre de la comisaría o del lugar
place-address-label = Su dirección

people-legend = Personas implicadas
people-help = Funcionarios, agentes, intermediarios o familiares que sufrieron presiones. Escriba lo que sepa; todos los campos son opcionales.
person-legend = Persona { $number }
person-names-label = Nombres, en cualquier escritura (uno por línea, o separados por /)
person-names-help = Por ejemplo: 陈伟 / Chan Wai / CHEN Wei
person-role-label = Papel de esta persona
person-role-none = Elija, si lo sabe
role-official_or_agent = Funcionario o agente
role-intermediary = Intermediario o alguien que actúa en su nombre
role-family_member = Familiar
role-minder = Un «vigilante» que le observa a usted, a su familia o a su comunidad para las autoridades
role-other = Otra persona, o no lo sé
person-phones-label = Números de teléfono (separados por comas)
person-wechat-label = ID de WeChat
person-emails-label = Direcciones de correo electrónico
person-accounts-label = Otras cuentas (aplicaciones, redes sociales)
person-description-label = Descripción (aspecto, coche, lo que dijo)
people-more = Añadir más personas
org-legend = Organizaciones mencionadas
org-help = Por ejemplo, una oficina de seguridad pública, una asociación o una empresa.
org-item-legend = Organización { $number }
org-name-label = Nombre
org-details-label = Lo que sabe de ella
orgs-more = Añadir más organizaciones

actions-legend = ¿Qué ha hecho ya?
police-report-label = Lo denuncié a la policía
police-reference-label = Número de la denuncia, si lo hay
other-organisations-label = Otras organizaciones a las que se lo conté (opcional)

narrative-legend = Con sus propias palabras
narrative-label = ¿Qué pasó? Descríbalo con sus propias palabras, en cualquier idioma.
narrative-help = Hasta { $max } caracteres. Incluya lo que le parezca importante: quién, qué, cuándo, dónde, cómo se enteró.

files-legend = Archivos
files-label = Fotos, capturas de pantalla, grabaciones, documentos
files-help = Puede elegir varios archivos. Como máximo { $file_limit } por archivo y { $report_limit } en total. Los archivos pueden contener datos ocultos sobre usted (por ejemplo, el lugar donde se tomó una foto); quítelos si puede.

consent-legend = Sus decisiones
consent-help = Cada una va por separado. Puede decir que no a todas; su informe se recibe igual.
consent-follow_up = Los investigadores pueden hacerme preguntas aquí (volveré con mi recibo)
consent-share_police = Mi informe puede compartirse con la policía
consent-share_partners = Mi informe puede compartirse con organizaciones aliadas de derechos humanos
consent-statistics = Mi informe puede contarse en estadísticas anónimas

contact-legend = Datos de contacto
contact-label = Cómo podríamos contactarle, si lo desea (cifrado como todo lo demás)
contact-help = Opcional. Déjelo en blanco para seguir en el anonimato. Dé solo datos de contacto que otros no puedan vigilar.

copy-legend = Ver su informe más adelante
copy-label = Quiero ver lo que envié cuando vuelva con mi recibo
copy-risk = Piénselo antes de marcar esta casilla. Cualquiera que encuentre su recibo, o que le obligue a entregarlo, podría leer todo lo que escribió aquí, nombres incluidos. Si alguien puede revisar su teléfono o sus papeles, no la marque. En cualquier caso, los investigadores reciben su informe completo, y con su recibo usted puede leer sus mensajes.

## Errors in form fields
error-required = Responda esta pregunta, por favor.
error-too-long = Esta respuesta es demasiado larga: como máximo { $max } caracteres.
error-invalid-choice = Elija una de las opciones ofrecidas, por favor.
error-invalid-date = Escriba la fecha como año-mes-día, por ejemplo 2024-03-17.
error-invalid-month = Escriba el mes como año-mes, por ejemplo 2024-03.
error-future-date = Esta fecha está en el futuro.
error-field-message = Su mensaje

## The receipt page
receipt-title = Su informe ha llegado
receipt-intro = Gracias. Su informe está cifrado y solo los investigadores pueden leerlo.
receipt-label = Su recibo
receipt-keep = Escriba este recibo en un papel, o apréndalo de memoria, y guárdelo en un lugar seguro. Solo se muestra esta vez: no se guarda en ningún sitio y no se puede recuperar.
receipt-warning = Cualquiera que tenga este recibo puede leer los mensajes que los investigadores le envíen. No lo guarde en un dispositivo que otros puedan revisar y no se lo mande a nadie.
receipt-return = Vuelva dentro de unos días con su recibo para ver si los investigadores tienen preguntas: use «Tengo un recibo» en la página de inicio.
receipt-done = Ya he guardado mi recibo
receipt-exit-ask = Su recibo no se volverá a mostrar. Salga solo si lo ha anotado, o si no lo necesita.
receipt-exit-now = Salir ahora
receipt-leave-label = Para salir de esta página, escriba los cuatro últimos dígitos de su recibo: así se comprueba que lo tiene.
receipt-leave-hint = los cuatro últimos dígitos del recibo de arriba
receipt-copy-warning = Usted eligió guardar una copia de su informe: con este recibo, cualquiera puede leer también todo lo que envió, nombres incluidos. Puede borrar la copia cuando vuelva.

## Coming back with a receipt
return-title = Volver con su recibo
return-intro = Escriba las 20 cifras de su recibo. Los espacios y guiones no importan.
return-label = Recibo
return-submit = Abrir
return-format-error = Un recibo tiene 20 cifras. Revise lo que escribió, por favor.
return-rejected = No se pudo abrir ningún informe con este recibo. Revise las cifras e inténtelo de nuevo.
return-throttled = Ahora mismo hay demasiados intentos en este sitio. Espere un minuto e inténtelo de nuevo.
return-expired = Su sesión ha terminado. Escriba su recibo otra vez, por favor.

## The conversation
thread-title = Su informe
thread-received = Llegó el { $day }
thread-status = Estado: { $status }
thread-files = Archivos enviados hasta ahora: { $count }
thread-messages-title = Mensajes
thread-no-messages = Todavía no hay mensajes. Los investigadores pueden escribirle aquí: vuelva más tarde.
thread-from-you = Usted
thread-from-unverified = No se pudo verificar (no es de los investigadores)
thread-from-investigators = Investigadores
thread-files-only = (archivos enviados)
thread-reply-title = Escribir a los investigadores
thread-reply-label = Su mensaje
thread-reply-files = Añadir archivos (opcional)
thread-reply-submit = Enviar, cifrado
thread-reply-sent = Su mensaje se ha enviado.
thread-leave = Salir
thread-leave-help = Cierra su sesión en este dispositivo. Puede volver con su recibo.
copy-title = Lo que envió
copy-intro = Usted eligió guardar esta copia. Se abre solo durante esta visita, con su recibo, y cualquiera que tenga su recibo puede leerla. Si ya no la necesita, bórrela.
copy-show = Mostrar lo que envió
copy-files = Archivos enviados con el informe
copy-no-files = No se enviaron archivos con el informe.
copy-consents-none = Ninguna de estas
copy-delete = Borrar mi copia
copy-delete-help = Solo se borra su copia: los investigadores conservan su informe y usted puede seguir leyendo sus mensajes. No se puede deshacer.
copy-delete-confirm = Sí, borrar mi copia
copy-deleted = Su copia se borró. Los investigadores siguen teniendo su informe.
copy-not-deleted = Su copia no se borró porque la página había caducado. Inténtelo de nuevo.
copy-unverified = Aquí se encontró una copia de su informe que no se pudo verificar. No se muestra, porque puede que no sea lo que usted envió.
copy-not-kept = Aquí no se guarda ninguna copia de su informe para usted: solo los investigadores pueden leerlo.

status-new = Recibido, aún sin leer
status-in_review = En revisión
status-waiting_for_reporter = Los investigadores esperan su respuesta
status-referred = Transmitido, con su acuerdo
status-closed = Cerrado
status-spam = Cerrado
status-you-answered = Usted respondió; los investigadores lo leerán

## Error pages
error-not-found-title = Página no encontrada
error-not-found-text = Esta página no existe. Vuelva a la página de inicio.
error-bad-request-title = No se pudo leer el formulario
error-bad-request-text = No se pudo leer lo que envió su navegador. Vuelva atrás e inténtelo de nuevo.
error-too-large-title = Demasiado grande
error-too-large-text = Los archivos son más grandes de lo que este sitio acepta: como máximo { $file_limit } por archivo y { $report_limit } en total. Envíe menos archivos o archivos más pequeños.
error-too-many-files = Demasiados archivos: como máximo { $limit } a la vez.
error-busy = El sitio está muy ocupado en este momento. Lo que escribió se conserva en esta página: espere un minuto y vuelva a enviarlo.
error-too-slow = La conexión fue demasiado lenta para recibirlo todo, así que los archivos no se guardaron. Lo que escribió se conserva en esta página: vuelva a enviarlo, con menos archivos o archivos más pequeños si puede.
error-throttled-title = Espere, por favor
error-unavailable-title = No disponible
error-internal-title = Algo salió mal
error-internal-text = Algo salió mal por nuestra parte. No se guardó nada. Inténtelo de nuevo más tarde.
error-reference = Referencia: { $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = Emiratos Árabes Unidos
country-AR = Argentina
country-AT = Austria
country-AU = Australia
country-BE = Bélgica
country-BR = Brasil
country-CA = Canadá
country-CH = Suiza
country-CL = Chile
country-CN = China
country-CZ = Chequia
country-DE = Alemania
country-DK = Dinamarca
country-EC = Ecuador
country-EG = Egipto
country-ES = España
country-FI = Finlandia
country-FR = Francia
country-GB = Reino Unido
country-GR = Grecia
country-HK = Hong Kong
country-HR = Croacia
country-HU = Hungría
country-ID = Indonesia
country-IE = Irlanda
country-IN = India
country-IT = Italia
country-JP = Japón
country-KG = Kirguistán
country-KH = Camboya
country-KR = Corea del Sur
country-KZ = Kazajistán
country-LS = Lesoto
country-MM = Myanmar
country-MN = Mongolia
country-MX = México
country-MY = Malasia
country-NG = Nigeria
country-NL = Países Bajos
country-NO = Noruega
country-NP = Nepal
country-NZ = Nueva Zelanda
country-PH = Filipinas
country-PL = Polonia
country-PT = Portugal
country-RO = Rumanía
country-RS = Serbia
country-SA = Arabia Saudí
country-SE = Suecia
country-SG = Singapur
country-SK = Eslovaquia
country-TH = Tailandia
country-TR = Turquía
country-TW = Taiwán
country-TZ = Tanzania
country-UA = Ucrania
country-US = Estados Unidos
country-UZ = Uzbekistán
country-VN = Vietnam
country-ZA = Sudáfrica

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "," }
size-bytes = { $n } bytes
size-kib = { $n } KB
size-mib = { $n } MB
size-gib = { $n } GB
size-tib = { $n } TB
