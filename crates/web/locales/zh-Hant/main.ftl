### Quietline 舉報管道：繁體中文。
### 舉報人頁面上所有看得到的文字。各語言的鍵名完全相同
### （有測試檢查）。用字要淺白：讀者可能正感到害怕，也可能不是用母語閱讀。
### Review: not yet reviewed by a native speaker (translated by the Quietline team).

## About this language
language-name = 繁體中文
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = ltr
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = unreviewed

## Every page
site-name = Quietline
site-tagline = 安全舉報來自海外「警察服務站」的施壓
quick-exit = 快速離開
quick-exit-help = 立即離開本網站，轉到一個無關的網頁。
skip-to-content = 跳到主要內容
nav-home = 首頁
nav-report = 我要舉報
nav-return = 我有回執碼
choose-language = 語言
footer-privacy = 本網站不儲存 IP 位址和瀏覽器資訊，也不使用追蹤 Cookie。本網站不會從其他網站載入任何內容。

## Language chooser (/)
chooser-title = 請選擇語言
chooser-intro = 用您自己的語言安全舉報，不必提供姓名。

## Landing page
landing-title = 安全、匿名地舉報
landing-intro = 這個舉報管道是為兩類人設立的：知道海外「警察服務站」情況的人；以及受到與這類服務站有關的人威脅、騷擾或施壓的人（例如對方透過您在中國的家人向您施壓）。調查人員會透過這些舉報了解實際情況，並保護當事人。
landing-what-happens-title = 您的舉報會如何處理
landing-what-happens-1 = 您填寫一份表單。只有第一個問題和您自己的陳述是必填的。您不必提供姓名。
landing-what-happens-2 = 您的舉報一送達就會被鎖上（加密），只有調查人員持有能打開它的金鑰。之後，連伺服器本身也無法讀取。
landing-what-happens-3 = 您會收到一組回執碼：20 位數字。憑著這組回執碼，您可以再回來查看調查人員有沒有問題要問您，回答問題，並補充檔案。
landing-what-happens-4 = 調查人員會閱讀您的舉報。只有在您同意的情況下，他們才會把舉報轉交給警方或合作機構。
landing-stored-title = 哪些內容會儲存，哪些不會
landing-stored-yes = 會儲存，而且一律加密：您的回答、檔案和訊息。
landing-stored-meta = 不加密儲存：舉報送達的日期（不含時間）、處理狀態和大小。
landing-stored-no = 絕不儲存：您的 IP 位址、您的瀏覽器或裝置、送出的時間、您的回執碼。
landing-safety-title = 注意安全
landing-safety-device = 請使用沒有其他人會檢查的裝置和網路：不要用公司的電腦、與他人共用的手機，或是您不信任的人給您的裝置。
landing-safety-tor = 可以的話，請使用 Tor Browser（torproject.org）。它能隱藏您是從哪裡連線的。即使關閉 JavaScript（「最安全」設定），本網站也能完整使用。
landing-safety-wechat = 請不要在微信或其他可能受到監控的 App 上談論您的舉報。
landing-safety-exit = 頁面上方的「快速離開」連結會讓您立即離開本網站，但不會清除瀏覽紀錄：請關閉瀏覽器，或使用 Tor Browser 的「新身分」功能。
landing-emergency-title = 緊急情況
landing-emergency-text = 如果您正面臨立即的危險，請馬上撥打當地的緊急電話：歐洲 112，北美 911，英國 999，澳洲 000。本舉報管道並非全天候有人處理。
landing-start = 開始舉報
landing-return = 我已經有回執碼

## The report form
form-title = 舉報
form-intro = 只有標示「必填」的問題需要回答。請回答您知道的部分，其餘可以留空。您可以用任何語言填寫。
form-required = （必填）
form-optional = （選填）
form-submit = 加密送出舉報
form-submit-help = 透過 Tor 傳送可能需要一段時間，檔案較大時更是如此。請一直等到看見您的回執碼。
form-not-open = 本舉報管道目前還沒有開始受理舉報。請之後再來。
form-errors-title = 請檢查以下回答
form-files-not-kept = 您選擇的檔案沒有被保留。送出前請再選擇一次。
form-session-expired = 為了您的安全，這份表單已經逾時。您的回答都在下方：請檢查後再送出一次。
form-already-received = 這份舉報已經收到。您的回執碼已在送出後的頁面上顯示過一次。

subject-legend = 您要舉報的是什麼？
subject-station_information = 關於某個服務站或其他地點的資訊
subject-happened_to_me = 發生在我身上的事
subject-happened_to_someone = 發生在我認識的人或我家人身上的事

incident-legend = 發生了什麼事？
incident-help = 可複選，請選出所有符合的情況。
incident-threats = 威脅或恐嚇
incident-harassment = 騷擾
incident-surveillance = 監視、被跟蹤或被拍照
incident-family_pressure = 向在中國的家人施壓（威脅、登門、拘留，或讓他們失去工作、退休金、就學機會或護照）
incident-persuaded_to_return = 被「勸返」或被命令回中國
incident-online_contact = 網路上的聯絡（微信或其他 App、電話）
incident-in_person_approach = 官員、代理人或替他們辦事的人當面接觸
incident-pressure_to_inform = 被施壓要求打聽或通報他人的情況（社區組織、宗教場所、抗議活動）
incident-digital_attack = 網路攻擊（駭客入侵、網路釣魚、冒用身分、公開個人隱私）
incident-station_activity = 前往服務站，或在服務站發生的活動
incident-document_control = 護照或證件被拒辦、被收走、被註銷或不予換發（例如要求「回國才能換發」）；被拒絕提供領事服務
incident-legal_pressure = 濫用法律手段：通緝令、國際刑警組織通報、引渡或遣返請求
incident-physical_harm = 暴力、拘禁，或企圖把人帶走
incident-family_detained = 在家鄉的親人被拘押、判刑，或被送進「再教育營」等營地，或再也聯絡不上
incident-bounty_or_smear = 懸賞（懸紅）或「通緝」，或抹黑行動（寄信給鄰居或僱主、官方媒體的影片，有時由您的親人出面）
incident-other = 其他情況
incident-other-label = 如果是其他情況，請說明

demand-legend = 對方提出了什麼要求（如果有）？
demand-return = 回中國
demand-silence = 保持沉默或停止某項活動
demand-informing = 通報他人的情況
demand-delete_content = 刪除貼文、文章或其他內容
demand-personal_information = 交出您的個人資料（身分證或護照影本、住址、照片、工作單位或學校）
demand-other = 其他要求
demand-nothing = 沒有提出要求，或我不知道
demand-other-label = 如果是其他要求，請說明

when-legend = 事情是什麼時候發生的？
when-exact = 我知道確切日期
when-month = 我知道是哪個月
when-approximate = 大概的時間
when-unknown = 我不知道，或不想說
when-date-label = 日期（年-月-日，例如 2024-03-17）
when-month-label = 月份（年-月，例如 2024-03）
when-approximate-label = 大概是什麼時候（例如「2023 年春天」）
when-ongoing = 目前仍在持續

where-legend = 在哪裡？
country-label = 國家或地區
country-choose = 請選擇國家或地區
country-other = 其他國家或地區（請在下方填寫）
country-other-label = 其他國家或地區
city-label = 城市或鄉鎮
place-kind-label = 這是什麼樣的地方？
place-kind-none = 不是特定的地方，或我不知道
place-kind-station = 「警察服務站」或類似的辦事處
place-kind-association_office = 社團辦公室（同鄉會、商會、文化團體）
place-kind-business = 商家（餐廳、商店、旅行社）
place-kind-residence = 私人住宅
place-kind-online = 只在網路上
place-kind-other = 其他地方
place-name-label = 服務站或地點的名稱
place-address-label = 地址

people-legend = 相關人士
people-help = 官員、代理人、中間人，或被施壓的家人。請填寫您知道的部分；每一欄都是選填。
person-legend = 第 { $number } 人
person-names-label = 姓名，任何文字皆可（每行一個，或用 / 分隔）
person-names-help = 例如：陳偉 / Chan Wai / CHEN Wei
person-role-label = 此人的身分
person-role-none = 如果知道，請選擇
role-official_or_agent = 官員或代理人
role-intermediary = 中間人或替他們辦事的人
role-family_member = 家人
role-minder = 監視者：替官方盯著您、您的家人或社區的人
role-other = 其他人，或我不知道
person-phones-label = 電話號碼（用逗號分隔）
person-wechat-label = 微信 ID
person-emails-label = 電子郵件地址
person-accounts-label = 其他帳號（App、社群網站）
person-description-label = 描述（外貌、車輛、說過的話）
people-more = 新增更多人
org-legend = 提到的機構
org-help = 例如公安局、某個社團或某家公司。
org-item-legend = 機構 { $number }
org-name-label = 名稱
org-details-label = 您對它的了解
orgs-more = 新增更多機構

actions-legend = 您已經做了哪些事？
police-report-label = 我已經向警方報案
police-reference-label = 報案編號（如果有）
other-organisations-label = 我還告訴過哪些機構（選填）

narrative-legend = 用您自己的話說
narrative-label = 發生了什麼事？請用您自己的話描述，任何語言皆可。
narrative-help = 最多 { $max } 個字元。請寫下您認為重要的內容：誰、做了什麼、什麼時候、在哪裡，以及您是怎麼知道的。

files-legend = 檔案
files-label = 照片、螢幕截圖、錄音錄影、文件
files-help = 您可以選擇多個檔案。每個檔案最大 { $file_limit }，總共最多 { $report_limit }。檔案可能含有關於您的隱藏資訊（例如照片的拍攝地點）；可以的話，請先移除這些資訊。

consent-legend = 您的選擇
consent-help = 每一項都是分開的選擇。您可以全部拒絕，您的舉報仍然會被受理。
consent-follow_up = 調查人員可以在這裡向我提問（我會憑回執碼回來查看）
consent-share_police = 我的舉報可以提供給警方
consent-share_partners = 我的舉報可以提供給合作的人權組織
consent-statistics = 我的舉報可以納入匿名統計

contact-legend = 聯絡方式
contact-label = 如果您願意，可以留下我們能聯絡到您的方式（和其他內容一樣會加密）
contact-help = 選填。留空即可保持匿名。請只提供他人無法監控的聯絡方式。

copy-legend = 日後查看您的舉報
copy-label = 我憑回執碼回來時，讓我看到自己送出的內容
copy-risk = 勾選之前請想清楚：任何人只要找到您的回執碼，或逼您交出回執碼，就能讀到您在這裡寫的全部內容，包括人名。如果有人可能檢查您的手機或隨身物品，請不要勾選。無論是否勾選，調查人員都會收到您的完整舉報，您也都能憑回執碼讀到他們的訊息。

## Errors in form fields
error-required = 請回答這個問題。
error-too-long = 這個回答太長了：最多 { $max } 個字元。
error-invalid-choice = 請從提供的選項中選擇一項。
error-invalid-date = 請依「年-月-日」格式填寫日期，例如 2024-03-17。
error-invalid-month = 請依「年-月」格式填寫月份，例如 2024-03。
error-future-date = 這是未來的日期。
error-field-message = 您的訊息

## The receipt page
receipt-title = 您的舉報已收到
receipt-intro = 謝謝您。您的舉報已加密，只有調查人員能夠閱讀。
receipt-label = 您的回執碼
receipt-keep = 請把這組回執碼抄在紙上，或是背下來，並妥善保管。它只會顯示這一次：不會儲存在任何地方，遺失後也無法找回。
receipt-warning = 任何人只要拿到這組回執碼，就能讀到調查人員給您的訊息。請不要把它存在別人可能檢查的裝置上，也不要傳給任何人。
receipt-return = 請過幾天憑回執碼回來，看看調查人員有沒有問題要問您：在首頁點選「我有回執碼」。
receipt-done = 我已保存好回執碼
receipt-exit-ask = 回執碼不會再次顯示。只有在您已經抄下回執碼，或是不需要它時，才離開。
receipt-exit-now = 立即離開
receipt-leave-label = 要離開此頁，請輸入回執碼的最後四位數字：這是為了確認您已經保存好了。
receipt-leave-hint = 上面回執碼的最後四位數字
receipt-copy-warning = 您選擇了保留一份舉報副本：任何人拿到這組回執碼，也能讀到您送出的全部內容，包括人名。您回來時可以刪除這份副本。

## Coming back with a receipt
return-title = 憑回執碼返回
return-intro = 請輸入回執碼的 20 位數字。有沒有空格或連字號都沒關係。
return-label = 回執碼
return-submit = 開啟
return-format-error = 回執碼是 20 位數字。請檢查您輸入的內容。
return-rejected = 無法用這組回執碼開啟任何舉報。請核對數字後再試一次。
return-throttled = 目前本網站的嘗試次數太多。請等一分鐘後再試。
return-expired = 本次連線已結束。請重新輸入回執碼。

## The conversation
thread-title = 您的舉報
thread-received = 收到日期：{ $day }
thread-status = 狀態：{ $status }
thread-files = 目前已傳送的檔案：{ $count } 個
thread-messages-title = 訊息
thread-no-messages = 目前還沒有訊息。調查人員可能會在這裡寫訊息給您：請之後再來查看。
thread-from-you = 您
thread-from-unverified = 無法驗證（並非調查人員所發）
thread-from-investigators = 調查人員
thread-files-only = （已傳送檔案）
thread-reply-title = 寫訊息給調查人員
thread-reply-label = 您的訊息
thread-reply-files = 新增檔案（選填）
thread-reply-submit = 加密送出
thread-reply-sent = 您的訊息已送出。
thread-leave = 離開
thread-leave-help = 在這台裝置上結束本次連線。您隨時可以憑回執碼再回來。
copy-title = 您送出的內容
copy-intro = 這是您選擇保留的副本。它只在這次造訪中憑您的回執碼開啟；任何人拿到您的回執碼都能讀到它。如果不再需要，請刪除它。
copy-show = 顯示您送出的內容
copy-files = 隨舉報送出的檔案
copy-no-files = 舉報時沒有送出檔案。
copy-consents-none = 以上都沒有選
copy-delete = 刪除我的副本
copy-delete-help = 只會刪除您的副本：調查人員仍保留您的舉報，您也仍能讀到他們的訊息。刪除後無法復原。
copy-delete-confirm = 確定刪除我的副本
copy-deleted = 您的副本已刪除。調查人員仍保留您的舉報。
copy-not-deleted = 頁面已過期，您的副本沒有刪除。請再試一次。
copy-unverified = 這裡發現了一份無法驗證的舉報副本。它可能不是您送出的內容，所以不予顯示。
copy-not-kept = 這裡沒有為您保留舉報副本：只有調查人員能讀到您的舉報。

status-new = 已收到，尚未閱讀
status-in_review = 審閱中
status-waiting_for_reporter = 調查人員正在等您回覆
status-referred = 已在您同意後轉交
status-closed = 已結案
status-spam = 已結案
status-you-answered = 您已回覆，調查人員會閱讀

## Error pages
error-not-found-title = 找不到網頁
error-not-found-text = 這個網頁不存在。請回到首頁。
error-bad-request-title = 無法讀取表單
error-bad-request-text = 無法讀取您的瀏覽器送出的內容。請回到上一頁再試一次。
error-too-large-title = 檔案太大
error-too-large-text = 檔案超過本網站能接受的大小：每個檔案最大 { $file_limit }，總共最多 { $report_limit }。請減少檔案數量，或改傳較小的檔案。
error-too-many-files = 檔案太多：一次最多 { $limit } 個。
error-busy = 本網站目前很忙碌。您寫的內容保留在本頁上：請等一分鐘，然後再送出一次。
error-too-slow = 連線太慢，無法收到全部內容，因此檔案沒有被保留。您寫的內容保留在本頁上：請再送出一次，如果可以，請減少檔案數量或改傳較小的檔案。
error-throttled-title = 請稍候
error-unavailable-title = 暫時無法使用
error-internal-title = 發生問題
error-internal-text = 我們這邊出了問題，沒有儲存任何內容。請稍後再試。
error-reference = 參考編號：{ $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = 阿拉伯聯合大公國
country-AR = 阿根廷
country-AT = 奧地利
country-AU = 澳洲
country-BE = 比利時
country-BR = 巴西
country-CA = 加拿大
country-CH = 瑞士
country-CL = 智利
country-CN = 中國
country-CZ = 捷克
country-DE = 德國
country-DK = 丹麥
country-EC = 厄瓜多
country-EG = 埃及
country-ES = 西班牙
country-FI = 芬蘭
country-FR = 法國
country-GB = 英國
country-GR = 希臘
country-HK = 香港
country-HR = 克羅埃西亞
country-HU = 匈牙利
country-ID = 印尼
country-IE = 愛爾蘭
country-IN = 印度
country-IT = 義大利
country-JP = 日本
country-KG = 吉爾吉斯
country-KH = 柬埔寨
country-KR = 韓國
country-KZ = 哈薩克
country-LS = 賴索托
country-MM = 緬甸
country-MN = 蒙古
country-MX = 墨西哥
country-MY = 馬來西亞
country-NG = 奈及利亞
country-NL = 荷蘭
country-NO = 挪威
country-NP = 尼泊爾
country-NZ = 紐西蘭
country-PH = 菲律賓
country-PL = 波蘭
country-PT = 葡萄牙
country-RO = 羅馬尼亞
country-RS = 塞爾維亞
country-SA = 沙烏地阿拉伯
country-SE = 瑞典
country-SG = 新加坡
country-SK = 斯洛伐克
country-TH = 泰國
country-TR = 土耳其
country-TW = 台灣
country-TZ = 坦尚尼亞
country-UA = 烏克蘭
country-US = 美國
country-UZ = 烏茲別克
country-VN = 越南
country-ZA = 南非

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "." }
size-bytes = { $n } 位元組
size-kib = { $n } KB
size-mib = { $n } MB
size-gib = { $n } GB
size-tib = { $n } TB
