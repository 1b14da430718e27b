### Quietline 举报渠道：简体中文。
### 举报人页面上所有可见的文字。各语言的键名完全相同
### （有测试检查）。用词要简单：读者可能处于恐惧之中，也可能不是用母语阅读。
### Review: not yet reviewed by a native speaker (translated by the Quietline team).

## About this language
language-name = 简体中文
# ltr or rtl: pages in this language carry dir="..." with this value.
language-direction = ltr
# source, native (reviewed by a native speaker: the header says who and when) or unreviewed.
# Must agree with the header's "Review:" line; docs/operators.md lists it per language.
language-review = unreviewed

## Every page
site-name = Quietline
site-tagline = 安全举报来自海外“警察服务站”的施压
quick-exit = 快速离开
quick-exit-help = 立即离开本网站，转到一个无关的网页。
skip-to-content = 跳到主要内容
nav-home = 首页
nav-report = 我要举报
nav-return = 我有回执码
choose-language = 语言
footer-privacy = 本网站不保存 IP 地址和浏览器信息，也不使用跟踪 Cookie。本网站不从其他网站加载任何内容。

## Language chooser (/)
chooser-title = 请选择语言
chooser-intro = 用您自己的语言安全举报，无需提供姓名。

## Landing page
landing-title = 安全、匿名地举报
landing-intro = 本举报渠道面向两类人：了解海外“警察服务站”情况的人；以及受到与这类服务站有关的人威胁、骚扰或施压的人（例如对方通过您在中国的家人向您施压）。调查人员会通过这些举报了解实际情况，并保护当事人。
landing-what-happens-title = 您的举报会怎样处理
landing-what-happens-1 = 您填写一份表格。只有第一个问题和您自己的陈述是必填的。您不必提供姓名。
landing-what-happens-2 = 您的举报一送达就会被锁上（加密），只有调查人员持有能打开它的密钥。此后，连服务器本身也无法读取。
landing-what-happens-3 = 您会得到一个回执码：20 位数字。凭这个回执码，您可以再回来查看调查人员有没有问题要问您，回答问题，并补充文件。
landing-what-happens-4 = 调查人员会阅读您的举报。只有在您同意的情况下，他们才会把举报转交给警方或合作机构。
landing-stored-title = 哪些内容会保存，哪些不会
landing-stored-yes = 会保存，而且始终加密：您的回答、文件和留言。
landing-stored-meta = 不加密保存：举报送达的日期（不含具体时间）、处理状态和大小。
landing-stored-no = 从不保存：您的 IP 地址、您的浏览器或设备、提交的具体时间、您的回执码。
landing-safety-title = 注意安全
landing-safety-device = 请使用没有其他人会检查的设备和网络：不要用单位的电脑、与他人共用的手机，或您不信任的人给您的设备。
landing-safety-tor = 如果可以，请使用 Tor Browser（洋葱浏览器，torproject.org）。它可以隐藏您是从哪里连接的。即使关闭 JavaScript（“最安全”设置），本网站也能完全正常使用。
landing-safety-wechat = 请不要在微信或其他可能被监控的应用上谈论您的举报。
landing-safety-exit = 页面顶部的“快速离开”链接会让您立即离开本网站，但不会清除浏览记录：请关闭浏览器，或使用 Tor Browser 的“新身份”功能。
landing-emergency-title = 紧急情况
landing-emergency-text = 如果您正面临紧迫的危险，请立即拨打当地的紧急电话：欧洲 112，北美 911，英国 999，澳大利亚 000。本举报渠道并非全天候有人值守。
landing-start = 开始举报
landing-return = 我已经有回执码

## The report form
form-title = 举报
form-intro = 只有标有“必填”的问题需要回答。请回答您知道的部分，其余可以留空。您可以用任何语言填写。
form-required = （必填）
form-optional = （选填）
form-submit = 加密发送举报
form-submit-help = 通过 Tor 发送可能需要一段时间，文件较大时更是如此。请一直等到看见您的回执码。
form-not-open = 本举报渠道暂时还不接收举报。请以后再来。
form-errors-title = 请检查以下回答
form-files-not-kept = 您选择的文件没有被保留。发送前请重新选择。
form-session-expired = 为了您的安全，这份表格已经过期。您的回答都在下面：请检查后重新发送。
form-already-received = 这份举报已经收到。您的回执码已在发送后的页面上显示过一次。

subject-legend = 您要举报的是什么？
subject-station_information = 关于某个服务站或其他地点的情况
subject-happened_to_me = 发生在我身上的事
subject-happened_to_someone = 发生在我认识的人或我家人身上的事

incident-legend = 发生了什么？
incident-help = 可多选，请选出所有符合的情况。
incident-threats = 威胁或恐吓
incident-harassment = 骚扰
incident-surveillance = 监视、被跟踪或被拍照
incident-family_pressure = 对在中国的家人施压（威胁、上门、拘留，或让他们失去工作、养老金、上学机会或护照）
incident-persuaded_to_return = 被“劝返”或被命令回中国
incident-online_contact = 网上联系（微信或其他应用、电话）
incident-in_person_approach = 官员、代理人或替他们办事的人当面接触
incident-pressure_to_inform = 被施压要求打听或报告他人的情况（社区组织、宗教场所、抗议活动）
incident-digital_attack = 网络攻击（黑客入侵、网络钓鱼、冒充身份、公开个人隐私）
incident-station_activity = 前往服务站，或在服务站发生的活动
incident-document_control = 护照或证件被拒办、被收走、被注销或不予换发（例如要求“回国才能换发”）；被拒绝提供领事服务
incident-legal_pressure = 滥用法律手段：通缉令、国际刑警组织通报、引渡或遣返请求
incident-physical_harm = 暴力、拘禁，或企图把人带走
incident-family_detained = 在家乡的亲人被拘押、判刑，或被送进“再教育营”等营地，或再也联系不上
incident-bounty_or_smear = 悬赏或“通缉”，或抹黑行动（寄信给邻居或雇主、官方媒体的视频，有时由您的亲人出面）
incident-other = 其他情况
incident-other-label = 如果是其他情况，请说明

demand-legend = 对方提出了什么要求（如果有）？
demand-return = 回中国
demand-silence = 保持沉默或停止某项活动
demand-informing = 报告他人的情况
demand-delete_content = 删除帖子、文章或其他内容
demand-personal_information = 交出您的个人资料（身份证或护照复印件、住址、照片、工作单位或学校）
demand-other = 其他要求
demand-nothing = 没有提出要求，或我不知道
demand-other-label = 如果是其他要求，请说明

when-legend = 事情是什么时候发生的？
when-exact = 我知道具体日期
when-month = 我知道是哪个月
when-approximate = 大概的时间
when-unknown = 我不知道，或不想说
when-date-label = 日期（年-月-日，例如 2024-03-17）
when-month-label = 月份（年-月，例如 2024-03）
when-approximate-label = 大概是什么时候（例如“2023 年春天”）
when-ongoing = 目前仍在持续

where-legend = 在哪里？
country-label = 国家或地区
country-choose = 请选择国家或地区
country-other = 其他国家或地区（请在下面填写）
country-other-label = 其他国家或地区
city-label = 城市或城镇
place-kind-label = 这是什么样的地方？
place-kind-none = 不是某个特定的地方，或我不知道
place-kind-station = “警察服务站”或类似的办事处
place-kind-association_office = 社团办公室（同乡会、商会、文化团体）
place-kind-business = 商户（餐馆、商店、旅行社）
place-kind-residence = 私人住宅
place-kind-online = 只在网上
place-kind-other = 其他地方
place-name-label = 服务站或地点的名称
place-address-label = 地址

people-legend = 涉及的人
people-help = 官员、代理人、中间人，或受到施压的家人。请填写您知道的部分；每一栏都是选填。
person-legend = 第 { $number } 人
person-names-label = 姓名，用任何文字书写均可（每行一个，或用 / 分隔）
person-names-help = 例如：陈伟 / Chan Wai / CHEN Wei
person-role-label = 此人的身份
person-role-none = 如果知道，请选择
role-official_or_agent = 官员或代理人
role-intermediary = 中间人或替他们办事的人
role-family_member = 家人
role-minder = 监视者：替官方盯着您、您的家人或社区的人
role-other = 其他人，或我不知道
person-phones-label = 电话号码（用逗号分隔）
person-wechat-label = 微信号
person-emails-label = 电子邮箱地址
person-accounts-label = 其他账号（应用、社交网络）
person-description-label = 描述（外貌、车辆、说过的话）
people-more = 添加更多人
org-legend = 提到的机构
org-help = 例如公安局、某个社团或某家公司。
org-item-legend = 机构 { $number }
org-name-label = 名称
org-details-label = 您对它的了解
orgs-more = 添加更多机构

actions-legend = 您已经做了哪些事？
police-report-label = 我已经向警方报案
police-reference-label = 报案编号（如果有）
other-organisations-label = 我还告诉过哪些机构（选填）

narrative-legend = 用您自己的话说
narrative-label = 发生了什么？请用您自己的话描述，用任何语言都可以。
narrative-help = 最多 { $max } 个字符。请写下您认为重要的内容：谁、做了什么、什么时候、在哪里，以及您是怎么知道的。

files-legend = 文件
files-label = 照片、截图、录音录像、文档
files-help = 您可以选择多个文件。每个文件最大 { $file_limit }，总共最多 { $report_limit }。文件里可能含有关于您的隐藏信息（例如照片的拍摄地点）；如果可以，请先删除这些信息。

consent-legend = 您的选择
consent-help = 每一项都是单独的选择。您可以全部拒绝，您的举报仍然会被接收。
consent-follow_up = 调查人员可以在这里向我提问（我会凭回执码回来查看）
consent-share_police = 我的举报可以提供给警方
consent-share_partners = 我的举报可以提供给合作的人权组织
consent-statistics = 我的举报可以计入匿名统计

contact-legend = 联系方式
contact-label = 如果您愿意，可以留下我们能联系到您的方式（和其他内容一样会加密）
contact-help = 选填。留空即可保持匿名。请只提供别人无法监控的联系方式。

copy-legend = 以后查看您的举报
copy-label = 我凭回执码回来时，让我看到自己发送的内容
copy-risk = 勾选之前请想清楚：任何人只要找到您的回执码，或者逼您交出回执码，就能读到您在这里写的全部内容，包括人名。如果有人可能检查您的手机或随身物品，请不要勾选。无论是否勾选，调查人员都会收到您的完整举报，您也都能凭回执码读到他们的留言。

## Errors in form fields
error-required = 请回答这个问题。
error-too-long = 这个回答太长了：最多 { $max } 个字符。
error-invalid-choice = 请从给出的选项中选择一项。
error-invalid-date = 请按“年-月-日”的格式填写日期，例如 2024-03-17。
error-invalid-month = 请按“年-月”的格式填写月份，例如 2024-03。
error-future-date = 这是一个未来的日期。
error-field-message = 您的留言

## The receipt page
receipt-title = 您的举报已收到
receipt-intro = 谢谢您。您的举报已加密，只有调查人员能够阅读。
receipt-label = 您的回执码
receipt-keep = 请把这个回执码抄在纸上，或者背下来，并妥善保管。它只显示这一次：不会保存在任何地方，丢失后也无法找回。
receipt-warning = 任何人只要拿到这个回执码，就能读到调查人员给您的留言。请不要把它保存在别人可能检查的设备上，也不要发给任何人。
receipt-return = 请过几天凭回执码回来，看看调查人员有没有问题要问您：在首页点击“我有回执码”。
receipt-done = 我已保存好回执码
receipt-exit-ask = 回执码不会再次显示。只有在您已经抄下回执码，或者不需要它时，才离开。
receipt-exit-now = 立即离开
receipt-leave-label = 要离开此页，请输入回执码的最后四位数字：这是为了确认您已经保存好了。
receipt-leave-hint = 上面回执码的最后四位数字
receipt-copy-warning = 您选择了保留一份举报副本：任何人拿到这个回执码，也能读到您发送的全部内容，包括人名。您回来时可以删除这份副本。

## Coming back with a receipt
return-title = 凭回执码返回
return-intro = 请输入回执码的 20 位数字。有没有空格或短横线都没关系。
return-label = 回执码
return-submit = 打开
return-format-error = 回执码是 20 位数字。请检查您输入的内容。
return-rejected = 无法用这个回执码打开任何举报。请核对数字后再试一次。
return-throttled = 目前本网站的尝试次数太多。请等一分钟后再试。
return-expired = 本次访问已结束。请重新输入回执码。

## The conversation
thread-title = 您的举报
thread-received = 收到日期：{ $day }
thread-status = 状态：{ $status }
thread-files = 目前已发送的文件：{ $count } 个
thread-messages-title = 留言
thread-no-messages = 目前还没有留言。调查人员可能会在这里给您留言：请以后再来查看。
thread-from-you = 您
thread-from-unverified = 无法验证（并非调查人员所发）
thread-from-investigators = 调查人员
thread-files-only = （已发送文件）
thread-reply-title = 给调查人员留言
thread-reply-label = 您的留言
thread-reply-files = 添加文件（选填）
thread-reply-submit = 加密发送
thread-reply-sent = 您的留言已发送。
thread-leave = 退出
thread-leave-help = 在这台设备上结束本次访问。您随时可以凭回执码再回来。
copy-title = 您发送的内容
copy-intro = 这是您选择保留的副本。它只在这次访问中凭您的回执码打开；任何人拿到您的回执码都能读到它。如果不再需要，请删除它。
copy-show = 显示您发送的内容
copy-files = 随举报发送的文件
copy-no-files = 举报时没有发送文件。
copy-consents-none = 以上都没有选
copy-delete = 删除我的副本
copy-delete-help = 只删除您的副本：调查人员仍保留您的举报，您也仍能读到他们的留言。删除后无法恢复。
copy-delete-confirm = 确定删除我的副本
copy-deleted = 您的副本已删除。调查人员仍保留您的举报。
copy-not-deleted = 页面已过期，您的副本没有删除。请再试一次。
copy-unverified = 这里发现了一份无法验证的举报副本。它可能不是您发送的内容，所以不予显示。
copy-not-kept = 这里没有为您保留举报副本：只有调查人员能读到您的举报。

status-new = 已收到，尚未阅读
status-in_review = 正在审阅
status-waiting_for_reporter = 调查人员正在等待您的回复
status-referred = 已在您同意后转交
status-closed = 已结案
status-spam = 已结案
status-you-answered = 您已回复，调查人员会阅读

## Error pages
error-not-found-title = 找不到网页
error-not-found-text = 这个网页不存在。请返回首页。
error-bad-request-title = 无法读取表格
error-bad-request-text = 无法读取您的浏览器发送的内容。请返回上一页再试一次。
error-too-large-title = 文件太大
error-too-large-text = 文件超出了本网站能接受的大小：每个文件最大 { $file_limit }，总共最多 { $report_limit }。请减少文件数量，或改为发送较小的文件。
error-too-many-files = 文件太多：一次最多 { $limit } 个。
error-busy = 本网站目前很繁忙。您写的内容保留在本页上：请等一分钟，然后再发送一次。
error-too-slow = 连接太慢，无法收到全部内容，因此文件没有被保留。您写的内容保留在本页上：请再发送一次，如果可以，请减少文件数量或改用较小的文件。
error-throttled-title = 请稍候
error-unavailable-title = 暂时无法使用
error-internal-title = 出了点问题
error-internal-text = 我们这边出了问题，没有保存任何内容。请稍后再试。
error-reference = 参考编号：{ $id }

## Country names (ISO 3166-1 alpha-2 codes; the form lists them in this language's order)
country-AE = 阿联酋
country-AR = 阿根廷
country-AT = 奥地利
country-AU = 澳大利亚
country-BE = 比利时
country-BR = 巴西
country-CA = 加拿大
country-CH = 瑞士
country-CL = 智利
country-CN = 中国
country-CZ = 捷克
country-DE = 德国
country-DK = 丹麦
country-EC = 厄瓜多尔
country-EG = 埃及
country-ES = 西班牙
country-FI = 芬兰
country-FR = 法国
country-GB = 英国
country-GR = 希腊
country-HK = 香港
country-HR = 克罗地亚
country-HU = 匈牙利
country-ID = 印度尼西亚
country-IE = 爱尔兰
country-IN = 印度
country-IT = 意大利
country-JP = 日本
country-KG = 吉尔吉斯斯坦
country-KH = 柬埔寨
country-KR = 韩国
country-KZ = 哈萨克斯坦
country-LS = 莱索托
country-MM = 缅甸
country-MN = 蒙古
country-MX = 墨西哥
country-MY = 马来西亚
country-NG = 尼日利亚
country-NL = 荷兰
country-NO = 挪威
country-NP = 尼泊尔
country-NZ = 新西兰
country-PH = 菲律宾
country-PL = 波兰
country-PT = 葡萄牙
country-RO = 罗马尼亚
country-RS = 塞尔维亚
country-SA = 沙特阿拉伯
country-SE = 瑞典
country-SG = 新加坡
country-SK = 斯洛伐克
country-TH = 泰国
country-TR = 土耳其
country-TW = 台湾
country-TZ = 坦桑尼亚
country-UA = 乌克兰
country-US = 美国
country-UZ = 乌兹别克斯坦
country-VN = 越南
country-ZA = 南非

## Sizes: a number and its unit, kept on one line by a no-break space.
number-decimal-separator = { "." }
size-bytes = { $n } 字节
size-kib = { $n } KB
size-mib = { $n } MB
size-gib = { $n } GB
size-tib = { $n } TB
