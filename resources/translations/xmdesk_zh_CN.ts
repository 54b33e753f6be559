<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>Offline customer-experience research.</source>
        <translation>离线客户体验研究。</translation>
    </message>
    <message>
        <source>About XMDesk</source>
        <translation>关于 XMDesk</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Improvement action</source>
        <translation>改进行动</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均分</translation>
    </message>
    <message>
        <source>Top-2-box share</source>
        <translation>满意（前两项）占比</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Pain points</source>
        <translation>痛点</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Target question</source>
        <translation>目标题目</translation>
    </message>
    <message>
        <source>Target metric</source>
        <translation>目标指标</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
</context>
<context>
    <name>ActionsPanel</name>
    <message>
        <source>Action</source>
        <translation>改进行动</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Pain points</source>
        <translation>痛点</translation>
    </message>
    <message>
        <source>Target metric</source>
        <translation>目标指标</translation>
    </message>
    <message>
        <source>Start / due</source>
        <translation>开始 / 截止</translation>
    </message>
    <message>
        <source>Effect review</source>
        <translation>效果复盘</translation>
    </message>
    <message>
        <source>Set status</source>
        <translation>设置状态</translation>
    </message>
    <message>
        <source>New action…</source>
        <translation>新建改进行动…</translation>
    </message>
    <message>
        <source>Edit action…</source>
        <translation>编辑改进行动…</translation>
    </message>
    <message>
        <source>No improvement actions yet.</source>
        <translation>暂无改进行动。</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>significant</source>
        <translation>显著</translation>
    </message>
    <message>
        <source>not significant</source>
        <translation>不显著</translation>
    </message>
    <message>
        <source>before %1 (n %2) → after %3 (n %4): change %5; %6, p = %7, %8</source>
        <translation>行动前 %1（n = %2）→ 行动后 %3（n = %4）：变化 %5；%6，p = %7，%8</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <source>Surveys</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Data entry</source>
        <translation>数据录入</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Text analysis</source>
        <translation>文本分析</translation>
    </message>
    <message>
        <source>Journey</source>
        <translation>旅程</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Collect</source>
        <translation>收集</translation>
    </message>
</context>
<context>
    <name>BandsForm</name>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Label (Chinese)</source>
        <translation>中文标签</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>英文标签</translation>
    </message>
    <message>
        <source>Add band</source>
        <translation>添加区间</translation>
    </message>
    <message>
        <source>Remove band</source>
        <translation>删除区间</translation>
    </message>
    <message>
        <source>Both ends are included; leave one empty for an open band. The first band that holds a value takes it.</source>
        <translation>区间包含两端；留空一端表示不设上限或下限。一个值落在多个区间时归入第一个。</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>来源题目：</translation>
    </message>
    <message>
        <source>No answers yet.</source>
        <translation>尚无答案。</translation>
    </message>
    <message>
        <source>Answers from %1 to %2 (%3 answered)</source>
        <translation>答案范围 %1 至 %2（%3 人作答）</translation>
    </message>
</context>
<context>
    <name>BehindDialog</name>
    <message numerus="yes">
        <source>%n response(s) behind this card</source>
        <translation>
            <numerusform>此卡片背后共 %n 份答卷</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BlockForm</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>BlockTexts</name>
    <message>
        <source>Title page</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>Executive summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Key metric tiles</source>
        <translation>关键指标卡片</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Crosstab with significance letters</source>
        <translation>带显著性字母的交叉表</translation>
    </message>
    <message>
        <source>Top comments</source>
        <translation>典型评论</translation>
    </message>
    <message>
        <source>Banner table (rows × several column variables)</source>
        <translation>横幅表（行变量 × 多个列变量）</translation>
    </message>
    <message>
        <source>Journey map</source>
        <translation>旅程图</translation>
    </message>
    <message>
        <source>Cases and actions</source>
        <translation>工单与行动</translation>
    </message>
    <message>
        <source>Methodology appendix</source>
        <translation>研究方法附录</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>副标题</translation>
    </message>
    <message>
        <source>Text (empty: key figures are written from the data)</source>
        <translation>正文（留空则根据数据自动写出关键数字）</translation>
    </message>
    <message>
        <source>Usual chart</source>
        <translation>常规图表</translation>
    </message>
    <message>
        <source>Bars with intervals</source>
        <translation>带置信区间的条形图</translation>
    </message>
    <message>
        <source>Importance-performance</source>
        <translation>重要性-表现矩阵</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Broken down by</source>
        <translation>按…细分</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>样式</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Columns (lettered)</source>
        <translation>列（标字母）</translation>
    </message>
    <message>
        <source>Row variables (codes, comma-separated)</source>
        <translation>行变量（代码，用逗号分隔）</translation>
    </message>
    <message>
        <source>Banner variables (codes, comma-separated)</source>
        <translation>横幅变量（代码，用逗号分隔）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>负面</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>正面</translation>
    </message>
    <message>
        <source>Marked quotable</source>
        <translation>标记为可引用的</translation>
    </message>
    <message>
        <source>Comment question</source>
        <translation>评论题</translation>
    </message>
    <message>
        <source>Which comments</source>
        <translation>评论类型</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Journey</source>
        <translation>旅程</translation>
    </message>
</context>
<context>
    <name>BulkEditDialog</name>
    <message numerus="yes">
        <source>%n response(s) will change</source>
        <translation>
            <numerusform>将修改 %n 份答卷</numerusform>
        </translation>
    </message>
    <message>
        <source>Preview the rows that will change before applying.</source>
        <translation>应用前请先预览将被修改的行。</translation>
    </message>
    <message>
        <source>Bulk edit</source>
        <translation>批量修改</translation>
    </message>
    <message>
        <source>Set a value where…</source>
        <translation>按条件设置值…</translation>
    </message>
    <message>
        <source>Find and replace within a text question</source>
        <translation>在文本题中查找替换</translation>
    </message>
    <message>
        <source>Change:</source>
        <translation>修改方式：</translation>
    </message>
    <message>
        <source>Where:</source>
        <translation>条件：</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>题目：</translation>
    </message>
    <message>
        <source>New value:</source>
        <translation>新值：</translation>
    </message>
    <message>
        <source>e.g. ${store} = &apos;bj_zgc&apos; and ${channel} = &apos;门店&apos;</source>
        <translation>例如 ${store} = &apos;bj_zgc&apos; and ${channel} = &apos;门店&apos;</translation>
    </message>
    <message>
        <source>a choice&apos;s label, code or value; empty makes it missing</source>
        <translation>选项的标签、代码或值；留空表示设为缺失</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前值</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>CaseBoard</name>
    <message>
        <source>Overdue only</source>
        <translation>仅看超时</translation>
    </message>
    <message>
        <source>Assign selected…</source>
        <translation>批量分配…</translation>
    </message>
    <message>
        <source>Export for department…</source>
        <translation>导出给部门…</translation>
    </message>
    <message>
        <source>Import replies…</source>
        <translation>导入部门回复…</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>Open (new, in progress)</source>
        <translation>未完成（新建、处理中）</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) shown</source>
        <translation>
            <numerusform>显示 %n 个工单</numerusform>
        </translation>
    </message>
    <message>
        <source>the most urgent of %1; narrow the filters to see others</source>
        <translation>共 %1 个中最紧急的；缩小筛选范围可查看其他工单</translation>
    </message>
    <message>
        <source>%1: %2 open, %3 overdue</source>
        <translation>%1：未完成 %2，超时 %3</translation>
    </message>
    <message>
        <source>(no department)</source>
        <translation>（无部门）</translation>
    </message>
    <message>
        <source>No cases yet.</source>
        <translation>暂无工单。</translation>
    </message>
    <message>
        <source>Assign cases</source>
        <translation>分配工单</translation>
    </message>
    <message numerus="yes">
        <source>Owner of the %n selected case(s):</source>
        <translation>
            <numerusform>所选 %n 个工单的负责人：</numerusform>
        </translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose a department first.</source>
        <translation>请先选择一个部门。</translation>
    </message>
    <message>
        <source>Export cases</source>
        <translation>导出工单</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) written.</source>
        <translation>
            <numerusform>已写入 %n 个工单。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import replies</source>
        <translation>导入部门回复</translation>
    </message>
    <message>
        <source>Updated: %1, unchanged: %2</source>
        <translation>已更新：%1，未变化：%2</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>What it saw</source>
        <translation>触发依据</translation>
    </message>
    <message>
        <source>Note (what was done, what the customer said)</source>
        <translation>备注（做了什么、客户怎么说）</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>更改状态</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>No case selected.</source>
        <translation>未选择工单。</translation>
    </message>
    <message>
        <source>do not disturb: contacted recently</source>
        <translation>免打扰：近期已联系过</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>owner: %1</source>
        <translation>负责人：%1</translation>
    </message>
    <message>
        <source>department: %1</source>
        <translation>部门：%1</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>(undone)</source>
        <translation>（已撤销）</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Case</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>do not disturb</source>
        <translation>免打扰</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
</context>
<context>
    <name>CasesArea</name>
    <message>
        <source>Case board</source>
        <translation>工单看板</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>预警规则</translation>
    </message>
    <message>
        <source>Improvement actions</source>
        <translation>改进行动</translation>
    </message>
</context>
<context>
    <name>CellDelegate</name>
    <message>
        <source>(missing)</source>
        <translation>（缺失）</translation>
    </message>
</context>
<context>
    <name>ChartsArea</name>
    <message>
        <source>No weighting</source>
        <translation>不加权</translation>
    </message>
    <message>
        <source>No breakdown</source>
        <translation>不分组</translation>
    </message>
    <message>
        <source>This study has no question for this chart.</source>
        <translation>本研究项目中没有适合此图表的题目。</translation>
    </message>
    <message>
        <source>Calculating…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>Base: n = {0}</source>
        <translation>样本：n = {0}</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Dashboard name:</source>
        <translation>看板名称：</translation>
    </message>
    <message>
        <source>New dashboard</source>
        <translation>新建看板</translation>
    </message>
    <message>
        <source>Rename dashboard</source>
        <translation>重命名看板</translation>
    </message>
    <message>
        <source>Delete the dashboard “{0}” and its {1} tiles? Their charts stay available in the explorer.</source>
        <translation>删除看板 “{0}” 及其 {1} 个图块？这些图表仍可在探索页中重新生成。</translation>
    </message>
    <message>
        <source>Delete dashboard</source>
        <translation>删除看板</translation>
    </message>
    <message>
        <source>Added to the dashboard.</source>
        <translation>已添加到看板。</translation>
    </message>
    <message>
        <source>No tiles yet: make a chart in the explorer and add it here.</source>
        <translation>看板还是空的：在“探索”中做好图表后添加到这里。</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>图表：</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>题目：</translation>
    </message>
    <message>
        <source>By:</source>
        <translation>分组：</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>周期：</translation>
    </message>
    <message>
        <source>Weight:</source>
        <translation>权重：</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>筛选：</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>An expression such as ${region} = &apos;east&apos; and ${csat} &gt;= 4 (Enter); click a bar to filter by it</source>
        <translation>表达式，如 ${region} = &apos;east&apos; and ${csat} &gt;= 4（回车）；点击柱形可按其筛选</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save image…</source>
        <translation>保存图片…</translation>
    </message>
    <message>
        <source>Add to dashboard</source>
        <translation>添加到看板</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>探索</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>Insights</source>
        <translation>洞察发现</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <source>Dashboard:</source>
        <translation>看板：</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ChoicesDialog</name>
    <message>
        <source>Choices of %1</source>
        <translation>%1 的选项</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Stored value</source>
        <translation>存储值</translation>
    </message>
    <message>
        <source>Label (Chinese)</source>
        <translation>标签（中文）</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>标签（英文）</translation>
    </message>
    <message>
        <source>Answers keep their stored values; edit the codes and the labels people read.</source>
        <translation>答案的存储值保持不变；可修改选项编码和显示的标签。</translation>
    </message>
</context>
<context>
    <name>Cleaning</name>
    <message>
        <source>Edit #%1 %2</source>
        <translation>修改 #%1 %2</translation>
    </message>
    <message>
        <source>Edit %1 answers</source>
        <translation>修改 %1 个答案</translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>（缺失）</translation>
    </message>
</context>
<context>
    <name>CodebookDialog</name>
    <message>
        <source>Codebook and words</source>
        <translation>编码表与词库</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Rules are separated by ;  A word or phrase matches anywhere in a comment; a+b needs both; -word excludes; /…/ is a regular expression. Synonyms count too.</source>
        <translation>规则之间用 ; 分隔。词语或短语出现在评论任意位置即匹配；a+b 表示两者都须出现；-词语 表示排除；/…/ 为正则表达式。同义词同样计入。</translation>
    </message>
    <message>
        <source>Add topic</source>
        <translation>添加主题</translation>
    </message>
    <message>
        <source>Remove topic</source>
        <translation>删除主题</translation>
    </message>
    <message>
        <source>Default codebook</source>
        <translation>默认编码表</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>New words, one per line (kept whole when comments are cut into words):</source>
        <translation>新词，每行一个（分词时保持完整）：</translation>
    </message>
    <message>
        <source>Stop words, one per line (left out of keywords):</source>
        <translation>停用词，每行一个（不计入关键词）：</translation>
    </message>
    <message>
        <source>Synonyms, one per line as variant = word (售后 = 客服):</source>
        <translation>同义词，每行一条，格式为 变体 = 标准词（售后 = 客服）：</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>词库</translation>
    </message>
    <message>
        <source>Import codebook</source>
        <translation>导入编码表</translation>
    </message>
    <message>
        <source>Codebook (*.json *.csv *.txt)</source>
        <translation>编码表 (*.json *.csv *.txt)</translation>
    </message>
    <message>
        <source>Export codebook</source>
        <translation>导出编码表</translation>
    </message>
    <message>
        <source>Codebook (*.json)</source>
        <translation>编码表 (*.json)</translation>
    </message>
</context>
<context>
    <name>CollectArea</name>
    <message>
        <source>Visitors: {0}   Submitted: {1}   In progress: {2}</source>
        <translation>访问：{0}   已提交：{1}   填写中：{2}</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>The study is read-only: it cannot take answers.</source>
        <translation>项目为只读：无法接收回答。</translation>
    </message>
    <message>
        <source>Not serving. Phones on the chosen network open the address shown here once started.</source>
        <translation>未在发布。开始后，所选网络中的手机打开此处显示的地址即可作答。</translation>
    </message>
    <message>
        <source>Save QR posters</source>
        <translation>保存二维码海报</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>QR posters</source>
        <translation>二维码海报</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s), one per store.</source>
        <translation>
            <numerusform>共 %n 页，每家门店一页。</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a PIN of at least four digits first.</source>
        <translation>请先设置至少四位数字的 PIN 码。</translation>
    </message>
    <message>
        <source>Phones on the local network</source>
        <translation>局域网内的手机</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Save QR posters (one page per store)…</source>
        <translation>保存二维码海报（每家门店一页）…</translation>
    </message>
    <message>
        <source>Kiosk in the store</source>
        <translation>门店自助终端</translation>
    </message>
    <message>
        <source>PIN to leave</source>
        <translation>退出 PIN 码</translation>
    </message>
    <message>
        <source>Open the kiosk (full screen)</source>
        <translation>打开自助终端（全屏）</translation>
    </message>
</context>
<context>
    <name>CommentsModel</name>
    <message>
        <source>Moved by what was learned from your codes; without it: %1.</source>
        <translation>因从您的标注学到的调整而变化；不调整时为 %1。</translation>
    </message>
    <message>
        <source>Learned from your codes: %1</source>
        <translation>从您的标注学到：%1</translation>
    </message>
    <message>
        <source>Set by hand: it wins over the model on every analysis.</source>
        <translation>人工设定：每次分析都优先于模型结果。</translation>
    </message>
    <message>
        <source>Set by the model. Keys 1, 2, 3 set it by hand.</source>
        <translation>由模型设定。按 1、2、3 可人工设定。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>评论</translation>
    </message>
</context>
<context>
    <name>CountForm</name>
    <message>
        <source>Question:</source>
        <translation>题目：</translation>
    </message>
    <message>
        <source>Count these options:</source>
        <translation>计入这些选项：</translation>
    </message>
</context>
<context>
    <name>DataArea</name>
    <message>
        <source>Sorting and filtering…</source>
        <translation>正在排序和筛选…</translation>
    </message>
    <message>
        <source>This study has no survey yet.</source>
        <translation>此研究项目还没有问卷。</translation>
    </message>
    <message numerus="yes">
        <source>%n response(s) match</source>
        <translation>
            <numerusform>%n 份答卷符合条件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n 份答卷</numerusform>
        </translation>
    </message>
    <message>
        <source>Survey:</source>
        <translation>问卷：</translation>
    </message>
    <message>
        <source>Derived variables…</source>
        <translation>派生变量…</translation>
    </message>
    <message>
        <source>Bulk edit…</source>
        <translation>批量修改…</translation>
    </message>
    <message>
        <source>Set an answer on every response a filter selects, or find and replace within a text question, with a preview of the rows that will change</source>
        <translation>对筛选出的每份答卷设置答案，或在文本题中查找替换；修改前预览将被修改的行</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Variables computed from the answers (groups, bands, counts, quality flags), usable wherever a question is</source>
        <translation>由答案计算出的变量（分组、区间、计数、质量标记），可在任何使用题目的地方使用</translation>
    </message>
    <message>
        <source>The pasted block of %1 row(s) goes past the table&apos;s last row or column: nothing was pasted.</source>
        <translation>粘贴的 %1 行数据超出了表格的最后一行或最后一列：未粘贴任何内容。</translation>
    </message>
    <message>
        <source>Exclude from analysis…</source>
        <translation>排除出分析…</translation>
    </message>
    <message>
        <source>Restore to analysis</source>
        <translation>恢复到分析</translation>
    </message>
    <message>
        <source>Exclude from analysis</source>
        <translation>排除出分析</translation>
    </message>
    <message>
        <source>Why are these responses left out (kept, and reversible)?</source>
        <translation>为什么排除这些答卷？（答卷保留，可恢复）</translation>
    </message>
    <message>
        <source>Exclude %1 response(s)</source>
        <translation>排除 %1 份答卷</translation>
    </message>
    <message>
        <source>Restore %1 response(s)</source>
        <translation>恢复 %1 份答卷</translation>
    </message>
    <message>
        <source>Quick filter: text, customer or ID, or an expression such as ${nps} &lt;= 6 and ${channel} = &apos;门店&apos; (Enter)</source>
        <translation>快速筛选：文本、客户或 ID，或表达式，例如 ${nps} &lt;= 6 and ${channel} = &apos;门店&apos;（回车）</translation>
    </message>
</context>
<context>
    <name>DataExportDialog</name>
    <message>
        <source>Export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <source>CSV, UTF-8 (opens in Excel)</source>
        <translation>CSV，UTF-8（可直接用 Excel 打开）</translation>
    </message>
    <message>
        <source>Excel workbook with a codebook sheet</source>
        <translation>Excel 工作簿（含变量说明表）</translation>
    </message>
    <message>
        <source>SPSS with variable and value labels</source>
        <translation>SPSS（含变量标签与值标签）</translation>
    </message>
    <message>
        <source>Choice labels instead of codes (CSV and Excel)</source>
        <translation>输出选项标签而非代码（CSV 和 Excel）</translation>
    </message>
    <message>
        <source>Mask phone numbers, e-mails, ID numbers and names</source>
        <translation>遮盖电话号码、邮箱、身份证号和姓名</translation>
    </message>
    <message>
        <source>Cells that would start a formula in Excel are always written as text.</source>
        <translation>可能在 Excel 中被当作公式执行的单元格一律按文本写出。</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Exporting data</source>
        <translation>正在导出数据</translation>
    </message>
</context>
<context>
    <name>DerivedDialog</name>
    <message>
        <source>Derived variables</source>
        <translation>派生变量</translation>
    </message>
    <message>
        <source>New variable</source>
        <translation>新建变量</translation>
    </message>
    <message>
        <source>Add quality flags</source>
        <translation>添加质量标记</translation>
    </message>
    <message>
        <source>Speeders, straight-liners, duplicates and out-of-pattern answers, from the columns this survey has</source>
        <translation>根据本问卷已有的列，标记答题过快、直线作答、重复答卷和异常值</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Variables of this survey</source>
        <translation>本问卷的派生变量</translation>
    </message>
    <message>
        <source>Expression</source>
        <translation>表达式</translation>
    </message>
    <message>
        <source>Count of selected options</source>
        <translation>所选选项个数</translation>
    </message>
    <message>
        <source>Quality flag</source>
        <translation>质量标记</translation>
    </message>
    <message>
        <source>Customer or operational data</source>
        <translation>客户或运营数据</translation>
    </message>
    <message>
        <source>%1 (JSON)</source>
        <translation>%1（JSON）</translation>
    </message>
    <message>
        <source>Single choice</source>
        <translation>单选</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>代码：</translation>
    </message>
    <message>
        <source>Label (Chinese):</source>
        <translation>中文标签：</translation>
    </message>
    <message>
        <source>Label (English):</source>
        <translation>英文标签：</translation>
    </message>
    <message>
        <source>Computed as:</source>
        <translation>计算方式：</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Choices:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Definition (JSON):</source>
        <translation>定义（JSON）：</translation>
    </message>
    <message>
        <source>Response ID</source>
        <translation>答卷 ID</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>前几个值</translation>
    </message>
    <message>
        <source>Recode into bands</source>
        <translation>按区间重新编码</translation>
    </message>
    <message>
        <source>Merge answers into groups</source>
        <translation>合并答案为分组</translation>
    </message>
    <message>
        <source>Expression:</source>
        <translation>表达式：</translation>
    </message>
    <message>
        <source>The definition is valid: its first values are shown below.</source>
        <translation>定义有效：下方显示前几个值。</translation>
    </message>
    <message>
        <source>Saving %1</source>
        <translation>正在保存 %1</translation>
    </message>
    <message>
        <source>Saved %1: it can be used wherever a question is.</source>
        <translation>已保存 %1：可在任何使用题目的地方使用。</translation>
    </message>
    <message>
        <source>Adding quality flags</source>
        <translation>正在添加质量标记</translation>
    </message>
    <message>
        <source>Added quality flags: %1.</source>
        <translation>已添加质量标记：%1。</translation>
    </message>
</context>
<context>
    <name>DesignerWidget</name>
    <message>
        <source>Recode the stored answers to the new codes and values now?</source>
        <translation>现在就把已保存的回答改写为新的编码和取值吗？</translation>
    </message>
    <message>
        <source>Recode choices</source>
        <translation>重新编码选项</translation>
    </message>
    <message>
        <source>Rename it to %1 and update all of these to the new code?</source>
        <translation>是否改名为 %1，并把以上内容一并更新为新编码？</translation>
    </message>
    <message>
        <source>Survey title</source>
        <translation>问卷标题</translation>
    </message>
    <message>
        <source>Add %s</source>
        <translation>添加%s</translation>
    </message>
    <message>
        <source>Remove %s</source>
        <translation>删除 %s</translation>
    </message>
    <message>
        <source>Restore %s</source>
        <translation>恢复 %s</translation>
    </message>
    <message>
        <source>Move %s</source>
        <translation>移动 %s</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation>（已归档）</translation>
    </message>
    <message>
        <source>Add a question</source>
        <translation>添加题目</translation>
    </message>
    <message>
        <source>Questions (drag to reorder)</source>
        <translation>题目（拖动可排序）</translation>
    </message>
    <message>
        <source>Preview: the data-entry form</source>
        <translation>预览：数据录入表单</translation>
    </message>
    <message>
        <source>Survey title:</source>
        <translation>问卷标题：</translation>
    </message>
    <message>
        <source>Title (中文)</source>
        <translation>标题（中文）</translation>
    </message>
    <message>
        <source>Title (English)</source>
        <translation>标题（英文）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Something went wrong inside XMDesk: {0}

Please report this with what you were doing.</source>
        <translation>XMDesk 内部出错：{0}

请报告此问题，并说明当时的操作。</translation>
    </message>
</context>
<context>
    <name>EntryArea</name>
    <message>
        <source>Survey:</source>
        <translation>问卷：</translation>
    </message>
    <message>
        <source>This study has no survey yet: design one in Surveys first.</source>
        <translation>此研究项目还没有问卷：请先在“问卷”中设计。</translation>
    </message>
</context>
<context>
    <name>FlagForm</name>
    <message>
        <source>Speeders</source>
        <translation>答题过快</translation>
    </message>
    <message>
        <source>Straight-liners</source>
        <translation>直线作答</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复答卷</translation>
    </message>
    <message>
        <source>Out-of-pattern answers</source>
        <translation>异常值</translation>
    </message>
    <message>
        <source>Duration (seconds):</source>
        <translation>答题时长（秒）：</translation>
    </message>
    <message>
        <source>Faster than this share of the median:</source>
        <translation>快于中位时长的比例：</translation>
    </message>
    <message>
        <source>Matrix:</source>
        <translation>矩阵题：</translation>
    </message>
    <message>
        <source>At least this many rows answered:</source>
        <translation>至少作答的行数：</translation>
    </message>
    <message>
        <source>Same answers in:</source>
        <translation>以下内容相同：</translation>
    </message>
    <message>
        <source>Ignore keys shorter than (characters):</source>
        <translation>忽略短于此长度的内容（字符）：</translation>
    </message>
    <message>
        <source>Number:</source>
        <translation>数值题：</translation>
    </message>
    <message>
        <source>Beyond the quartiles by this many IQRs:</source>
        <translation>超出四分位数的四分位距倍数：</translation>
    </message>
    <message>
        <source>Flag:</source>
        <translation>标记：</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP 地址</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>The form {0} could not be used: {1}

XMDesk&apos;s installation is incomplete: please reinstall it.</source>
        <translation>无法使用界面表单 {0}：{1}

XMDesk 安装不完整，请重新安装。</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <source>not a form</source>
        <translation>不是界面表单</translation>
    </message>
    <message>
        <source>no {0} named {1}</source>
        <translation>缺少名为 {1} 的 {0}</translation>
    </message>
</context>
<context>
    <name>GroupsForm</name>
    <message>
        <source>Group: label (Chinese)</source>
        <translation>分组：中文标签</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>英文标签</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Goes to group</source>
        <translation>归入分组</translation>
    </message>
    <message>
        <source>Add group</source>
        <translation>添加分组</translation>
    </message>
    <message>
        <source>Remove group</source>
        <translation>删除分组</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>来源题目：</translation>
    </message>
    <message>
        <source>(left out)</source>
        <translation>（不计入）</translation>
    </message>
    <message>
        <source>Group %1</source>
        <translation>分组 %1</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Into</source>
        <translation>导入到</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>History: select a response</source>
        <translation>修改记录：请选择一份答卷</translation>
    </message>
    <message>
        <source>History of response #%1</source>
        <translation>答卷 #%1 的修改记录</translation>
    </message>
    <message>
        <source>Excluded from analysis: %1</source>
        <translation>已排除出分析：%1</translation>
    </message>
    <message>
        <source>Restored to analysis</source>
        <translation>已恢复到分析</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>录入</translation>
    </message>
    <message>
        <source>Edited in the form</source>
        <translation>在表单中修改</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已更正</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
</context>
<context>
    <name>ImportArea</name>
    <message>
        <source>Import responses</source>
        <translation>导入答卷</translation>
    </message>
    <message>
        <source>Operational data</source>
        <translation>业务数据</translation>
    </message>
    <message>
        <source>Customer profile</source>
        <translation>客户画像</translation>
    </message>
    <message>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>1. File</source>
        <translation>1. 选择文件</translation>
    </message>
    <message>
        <source>2. Preview</source>
        <translation>2. 预览</translation>
    </message>
    <message>
        <source>3. Survey and columns</source>
        <translation>3. 问卷与列对应</translation>
    </message>
    <message>
        <source>4. Recode values</source>
        <translation>4. 值重编码</translation>
    </message>
    <message>
        <source>5. Check</source>
        <translation>5. 检查</translation>
    </message>
    <message>
        <source>6. Import</source>
        <translation>6. 导入</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Drop an Excel or CSV file here, or choose one.
Exports of Qualtrics, SurveyMonkey, Wenjuanxing, Tencent Survey, KoboToolbox/ODK and plain tables are recognised.</source>
        <translation>把 Excel 或 CSV 文件拖到这里，或点击选择文件。
可自动识别 Qualtrics、SurveyMonkey、问卷星、腾讯问卷、KoboToolbox/ODK 的导出文件和普通表格。</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Layout recognised: %1</source>
        <translation>识别的格式：%1</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Encoding %1, separated by %2</source>
        <translation>编码 %1，分隔符 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) in the sheet</source>
        <translation>
            <numerusform>工作表共 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Answers are option numbers (&quot;by option number&quot; download).</source>
        <translation>答案为选项序号（“按选项序号”下载）。</translation>
    </message>
    <message>
        <source>This file was already imported on %1 into %2; rows imported then will be skipped.</source>
        <translation>此文件已于 %1 导入到 %2；当时导入过的行将被跳过。</translation>
    </message>
    <message>
        <source>First %1 data rows of %2, with the type found for each column.</source>
        <translation>%2 的前 %1 行数据，列名下方为识别出的类型。</translation>
    </message>
    <message>
        <source>Create a new survey from this file, code:</source>
        <translation>根据此文件新建问卷，代码：</translation>
    </message>
    <message>
        <source>Add the rows to an existing survey:</source>
        <translation>导入到已有问卷：</translation>
    </message>
    <message>
        <source>Saved mapping:</source>
        <translation>已保存的对应关系：</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Goes to</source>
        <translation>对应到</translation>
    </message>
    <message>
        <source>Read as</source>
        <translation>读取方式</translation>
    </message>
    <message>
        <source>Edit choices…</source>
        <translation>编辑选项…</translation>
    </message>
    <message>
        <source>Question code</source>
        <translation>题目编码</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>题型</translation>
    </message>
    <message>
        <source>Text (Chinese)</source>
        <translation>题目文字（中文）</translation>
    </message>
    <message>
        <source>Text (English)</source>
        <translation>题目文字（英文）</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Each column becomes a question (the rows of a grid, one matrix question): fix its code, type and text, untick a column to leave it out, double-click Choices to edit a choice question&apos;s options.</source>
        <translation>每一列成为一道题（矩阵的各行合为一道矩阵题）：可修改编码、题型和题目文字；取消勾选即不导入该列；双击“选项”可编辑选择题的选项。</translation>
    </message>
    <message>
        <source>Columns are matched by code and by the similarity of question texts; change any that is wrong.</source>
        <translation>已按代码和题目文字相似度自动对应；如有不对，请逐列修改。</translation>
    </message>
    <message>
        <source>scale 1-%1</source>
        <translation>1-%1 分量表</translation>
    </message>
    <message>
        <source>Only choice questions and matrices answered with choices have choices to edit.</source>
        <translation>只有选择题和以选项作答的矩阵题有可编辑的选项。</translation>
    </message>
    <message>
        <source>Labels become codes: 非常满意 → 5, 是 → 1, &quot;10分&quot; → 10. Edit a code to change it; an empty code means the value is not an option. For answers with several options in one cell, the code is the option&apos;s choice code.</source>
        <translation>标签转换为编码：非常满意 → 5，是 → 1，“10分” → 10。可直接修改编码；编码留空表示该值不是有效选项。一个单元格中含多个选项的答案，编码填写选项的选项编码。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Excel, CSV and SPSS files (*.xlsx *.xlsm *.xls *.csv *.tsv *.txt *.sav *.zsav *.por)</source>
        <translation>Excel、CSV 和 SPSS 文件 (*.xlsx *.xlsm *.xls *.csv *.tsv *.txt *.sav *.zsav *.por)</translation>
    </message>
    <message>
        <source>Not valid %1 text: the marked characters could not be read.</source>
        <translation>不是有效的 %1 文字：标记的字符无法读取。</translation>
    </message>
    <message>
        <source>Rows not valid %1 text (marked %3): %2. The check lists their cells; skip such rows, or import those cells as missing.</source>
        <translation>以下行不是有效的 %1 文字（标记为 %3）：%2。检查步骤会列出这些单元格；可选择跳过这些行，或把这些单元格作为缺失值导入。</translation>
    </message>
    <message>
        <source>Title of the new survey:</source>
        <translation>新问卷的标题：</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>all options</source>
        <translation>全部选项</translation>
    </message>
    <message>
        <source>customer_id  (joins O-data)</source>
        <translation>customer_id  （关联业务数据）</translation>
    </message>
    <message>
        <source>Value in the file</source>
        <translation>文件中的值</translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Skip the rows with problems</source>
        <translation>跳过有问题的行</translation>
    </message>
    <message>
        <source>Import those cells as missing</source>
        <translation>将这些单元格作为缺失值导入</translation>
    </message>
    <message>
        <source>Stop: import nothing until the file is fixed</source>
        <translation>停止：修正文件前不导入任何数据</translation>
    </message>
    <message>
        <source>Save mapping…</source>
        <translation>保存对应关系…</translation>
    </message>
    <message>
        <source>Checking the file</source>
        <translation>正在检查文件</translation>
    </message>
    <message numerus="yes">
        <source>%n data row(s) read.</source>
        <translation>
            <numerusform>共读取 %n 行数据。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) were imported before and will be skipped.</source>
        <translation>
            <numerusform>%n 行此前已导入，将被跳过。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>发现 %n 个问题。</numerusform>
        </translation>
    </message>
    <message>
        <source>No problems: every value can be stored.</source>
        <translation>没有问题：所有值都可以保存。</translation>
    </message>
    <message>
        <source>Save the mapping</source>
        <translation>保存对应关系</translation>
    </message>
    <message>
        <source>Mappings (*.json)</source>
        <translation>对应关系 (*.json)</translation>
    </message>
    <message>
        <source>Import another file…</source>
        <translation>导入另一个文件…</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
    <message>
        <source>Import cancelled: no row of %1 was imported, and survey %2 was not created.</source>
        <translation>导入已取消：%1 的数据一行也没有导入，问卷 %2 也没有创建。</translation>
    </message>
    <message numerus="yes">
        <source>Cancel came after the import had finished: %n row(s) of %1 are in survey %2.</source>
        <translation>
            <numerusform>取消时导入已经完成：%1 的 %n 行数据已在问卷 %2 中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import cancelled: no row of %1 was imported; survey %2 still has %n response(s).</source>
        <translation>
            <numerusform>导入已取消：%1 的数据一行也没有导入；问卷 %2 仍有 %n 份答卷。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>导入已取消</translation>
    </message>
    <message>
        <source>Imported %1 row(s) into survey %2.</source>
        <translation>已向问卷 %2 导入 %1 行。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with problems were skipped.</source>
        <translation>
            <numerusform>跳过了 %n 行有问题的数据。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) imported before were skipped.</source>
        <translation>
            <numerusform>跳过了 %n 行此前已导入的数据。</numerusform>
        </translation>
    </message>
    <message>
        <source>single choice</source>
        <translation>单选</translation>
    </message>
    <message>
        <source>multiple choice</source>
        <translation>多选</translation>
    </message>
    <message>
        <source>rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>NPS 0-10</source>
        <translation>NPS 0-10</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>matrix</source>
        <translation>矩阵</translation>
    </message>
    <message>
        <source>response field</source>
        <translation>答卷信息</translation>
    </message>
    <message>
        <source>option code</source>
        <translation>选项编码</translation>
    </message>
    <message>
        <source>0/1 option</source>
        <translation>0/1 选项</translation>
    </message>
    <message>
        <source>options in one cell</source>
        <translation>单元格内多个选项</translation>
    </message>
    <message>
        <source>time taken</source>
        <translation>答题用时</translation>
    </message>
    <message>
        <source>kept by column name</source>
        <translation>按列名保留</translation>
    </message>
</context>
<context>
    <name>InsightsPanel</name>
    <message>
        <source>Finding insights</source>
        <translation>正在查找洞察</translation>
    </message>
    <message>
        <source>Find insights compares every segment (choice questions, NPS groups, customer facts) with every outcome (NPS, CSAT, CES, comment topics, case rates) and lists what differs.</source>
        <translation>“查找洞察”将每个分组（选择题、NPS 分组、客户信息）与每项指标（NPS、CSAT、CES、评论主题、开案率）逐一比较，列出存在差异之处。</translation>
    </message>
    <message>
        <source>q = {0:.2g} (Benjamini–Hochberg), effect size d = {1:.2f}</source>
        <translation>q = {0:.2g}（Benjamini–Hochberg 校正），效应量 d = {1:.2f}</translation>
    </message>
    <message>
        <source>This finding has no chart: its outcome is a comment topic or the case rate, or its segment a customer fact.</source>
        <translation>此发现没有图表：其指标是评论主题或开案率，或其分组是客户信息。</translation>
    </message>
    <message>
        <source>Insights</source>
        <translation>洞察发现</translation>
    </message>
    <message>
        <source>Add to report</source>
        <translation>添加到报告</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>报告：</translation>
    </message>
    <message>
        <source>Added to the report “{0}”.</source>
        <translation>已添加到报告“{0}”。</translation>
    </message>
    <message>
        <source>Added to the dashboard “{0}”.</source>
        <translation>已添加到看板“{0}”。</translation>
    </message>
    <message>
        <source>Minimum base:</source>
        <translation>最小基数：</translation>
    </message>
    <message>
        <source>Effect size at least:</source>
        <translation>效应量下限：</translation>
    </message>
    <message>
        <source>Compare periods by:</source>
        <translation>环比周期：</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Cohen&apos;s d: the difference over the spread of the answers; 0.2 is small, 0.5 medium</source>
        <translation>Cohen&apos;s d：差值除以回答的标准差；0.2 为小效应，0.5 为中等效应</translation>
    </message>
    <message>
        <source>Fewest answers on each side of a comparison</source>
        <translation>每次比较中每一方至少需要的回答数</translation>
    </message>
    <message>
        <source>Find insights</source>
        <translation>查找洞察</translation>
    </message>
    <message>
        <source>Add to report…</source>
        <translation>添加到报告…</translation>
    </message>
    <message>
        <source>Add to dashboard</source>
        <translation>添加到看板</translation>
    </message>
</context>
<context>
    <name>IntegrityDialog</name>
    <message>
        <source>Checking the study&apos;s integrity (every page is read)</source>
        <translation>正在检查研究项目的完整性（逐页读取）</translation>
    </message>
    <message>
        <source>Check integrity</source>
        <translation>检查完整性</translation>
    </message>
    <message>
        <source>&amp;Recover into a new study…</source>
        <translation>救出到新的研究项目(&amp;R)…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is healthy.&lt;/b&gt;&lt;br&gt;Every page was read and holds together, the indexes match their tables and every link between tables holds.</source>
        <translation>&lt;b&gt;%1 完好。&lt;/b&gt;&lt;br&gt;每一页都已读取且结构完整，索引与其表一致，表之间的每一处关联都成立。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is damaged.&lt;/b&gt;&lt;br&gt;SQLite found: %2&lt;br&gt;&lt;br&gt;XMDesk does not write into it any more, so the damage cannot spread; nothing was changed. Save what can still be read into a new study and work there, here with &lt;i&gt;Recover&lt;/i&gt; or with this command:</source>
        <translation>&lt;b&gt;%1 已损坏。&lt;/b&gt;&lt;br&gt;SQLite 发现：%2&lt;br&gt;&lt;br&gt;XMDesk 不会再写入它，以免损坏扩散；文件未被改动。请把仍可读取的内容救出到新的研究项目并在其中继续工作：可在此点击&lt;i&gt;救出&lt;/i&gt;，或使用以下命令：</translation>
    </message>
    <message>
        <source>Recover into a new study</source>
        <translation>救出到新的研究项目</translation>
    </message>
    <message>
        <source>XMDesk studies (*.xmd)</source>
        <translation>XMDesk 研究项目 (*.xmd)</translation>
    </message>
    <message>
        <source>Recovering what can be read</source>
        <translation>正在救出可读取的内容</translation>
    </message>
    <message>
        <source>%1: %2 rows saved, at most %3 lost</source>
        <translation>%1：已救出 %2 行，最多丢失 %3 行</translation>
    </message>
    <message>
        <source>%1: %2 rows saved, the rest could not be read</source>
        <translation>%1：已救出 %2 行，其余无法读取</translation>
    </message>
    <message>
        <source>Saved what could be read into %1.</source>
        <translation>已把可读取的内容保存到 %1。</translation>
    </message>
    <message>
        <source>Open the recovered study now?</source>
        <translation>现在打开救出的研究项目吗？</translation>
    </message>
</context>
<context>
    <name>JobProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>JourneyEditor</name>
    <message>
        <source>Delete journey</source>
        <translation>删除旅程</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Journey</source>
        <translation>旅程</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <source>Align left</source>
        <translation>左对齐</translation>
    </message>
    <message>
        <source>Align centres</source>
        <translation>水平居中对齐</translation>
    </message>
    <message>
        <source>Align right</source>
        <translation>右对齐</translation>
    </message>
    <message>
        <source>Align top</source>
        <translation>顶端对齐</translation>
    </message>
    <message>
        <source>Align middles</source>
        <translation>垂直居中对齐</translation>
    </message>
    <message>
        <source>Align bottom</source>
        <translation>底端对齐</translation>
    </message>
    <message>
        <source>Align</source>
        <translation>对齐</translation>
    </message>
    <message>
        <source>Snap to grid</source>
        <translation>对齐网格</translation>
    </message>
    <message>
        <source>Emotion from scores</source>
        <translation>情绪随得分变化</translation>
    </message>
    <message>
        <source>Score colours…</source>
        <translation>得分颜色…</translation>
    </message>
    <message>
        <source>Refresh scores</source>
        <translation>刷新得分</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>New blank journey</source>
        <translation>新建空白旅程</translation>
    </message>
    <message>
        <source>New from template: %1</source>
        <translation>从模板新建：%1</translation>
    </message>
    <message>
        <source>No journey yet: choose New to start from a template or a blank map.</source>
        <translation>还没有旅程：点击“新建”，从模板或空白地图开始。</translation>
    </message>
    <message numerus="yes">
        <source>%n stage(s)</source>
        <translation>
            <numerusform>%n 个阶段</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n linked touchpoint(s)</source>
        <translation>
            <numerusform>%n 个已关联数据的触点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n broken link(s)</source>
        <translation>
            <numerusform>%n 个失效链接</numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click a card for the responses behind it; right-click for its link.</source>
        <translation>双击卡片查看背后的答卷；右键设置数据关联。</translation>
    </message>
    <message>
        <source>New journey</source>
        <translation>新建旅程</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Rename journey</source>
        <translation>重命名旅程</translation>
    </message>
    <message>
        <source>Delete the journey &apos;%1&apos;? This cannot be undone.</source>
        <translation>删除旅程“%1”？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Emotion curve</source>
        <translation>情绪曲线</translation>
    </message>
    <message>
        <source>Score colours</source>
        <translation>得分颜色</translation>
    </message>
    <message>
        <source>Delete stage</source>
        <translation>删除阶段</translation>
    </message>
    <message>
        <source>Edit text</source>
        <translation>编辑文字</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Edit name</source>
        <translation>编辑名称</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>关联数据</translation>
    </message>
    <message>
        <source>Persona</source>
        <translation>用户画像</translation>
    </message>
    <message>
        <source>Who they are and what they want</source>
        <translation>他们是谁、想要什么</translation>
    </message>
    <message>
        <source>Rename stage</source>
        <translation>重命名阶段</translation>
    </message>
    <message>
        <source>Link to survey data…</source>
        <translation>关联问卷数据…</translation>
    </message>
    <message>
        <source>Channel…</source>
        <translation>渠道…</translation>
    </message>
    <message>
        <source>Show responses</source>
        <translation>查看答卷</translation>
    </message>
    <message>
        <source>Describe persona…</source>
        <translation>描述用户画像…</translation>
    </message>
    <message>
        <source>Edit text…</source>
        <translation>编辑文字…</translation>
    </message>
    <message>
        <source>Rename stage…</source>
        <translation>重命名阶段…</translation>
    </message>
    <message>
        <source>Add stage after</source>
        <translation>在后面添加阶段</translation>
    </message>
    <message>
        <source>New stage</source>
        <translation>新阶段</translation>
    </message>
    <message>
        <source>Add stage</source>
        <translation>添加阶段</translation>
    </message>
    <message>
        <source>Move stage left</source>
        <translation>阶段左移</translation>
    </message>
    <message>
        <source>Reorder stages</source>
        <translation>调整阶段顺序</translation>
    </message>
    <message>
        <source>Move stage right</source>
        <translation>阶段右移</translation>
    </message>
    <message>
        <source>Export journey</source>
        <translation>导出旅程</translation>
    </message>
    <message>
        <source>Images and documents (*.png *.svg *.pdf)</source>
        <translation>图片和文档 (*.png *.svg *.pdf)</translation>
    </message>
</context>
<context>
    <name>JourneyScene</name>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Resize</source>
        <translation>调整大小</translation>
    </message>
    <message>
        <source>New stage</source>
        <translation>新阶段</translation>
    </message>
    <message>
        <source>Add stage</source>
        <translation>添加阶段</translation>
    </message>
    <message>
        <source>Touchpoint</source>
        <translation>触点</translation>
    </message>
    <message>
        <source>Pain point</source>
        <translation>痛点</translation>
    </message>
    <message>
        <source>Opportunity</source>
        <translation>机会点</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Persona</source>
        <translation>用户画像</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>下一位顾客</translation>
    </message>
    <message>
        <source>Staff only: enter the PIN to leave the kiosk.</source>
        <translation>仅限工作人员：输入 PIN 码退出自助终端。</translation>
    </message>
    <message>
        <source>Back to the survey</source>
        <translation>返回问卷</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN 码错误。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Single choice</source>
        <translation>单选题</translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation>多选题</translation>
    </message>
    <message>
        <source>Dropdown</source>
        <translation>下拉题</translation>
    </message>
    <message>
        <source>NPS (0-10)</source>
        <translation>NPS（0-10）</translation>
    </message>
    <message>
        <source>Rating scale</source>
        <translation>评分题</translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation>矩阵题</translation>
    </message>
    <message>
        <source>Open text</source>
        <translation>开放题</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数值题</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期题</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>LearningButtons</name>
    <message>
        <source>Learning from your codes</source>
        <translation>正在从您的标注学习</translation>
    </message>
    <message>
        <source>Learn from my codes</source>
        <translation>从我的标注学习</translation>
    </message>
    <message>
        <source>Remove what was learned</source>
        <translation>移除学习结果</translation>
    </message>
    <message>
        <source>Remove what was learned from your codes? The comments are then scored by the shipped model again; your codes stay.</source>
        <translation>确定移除从您的标注学到的调整吗？之后将重新用内置模型计算评论得分；您的标注会保留。</translation>
    </message>
    <message>
        <source>Learn this study&apos;s own adjustment of the sentiment model from the polarities you set by hand. It stays in the study file, is used on every analysis, and is first tested on codes held out.</source>
        <translation>根据您手动设定的情感倾向，学习本项目专属的情感模型调整。调整保存在项目文件中，每次分析都会使用，保存前先用留出的标注检验。</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Link to survey data</source>
        <translation>关联问卷数据</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Remove link</source>
        <translation>取消关联</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New study…</source>
        <translation>新建研究项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open study…</source>
        <translation>打开研究项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Save a &amp;copy…</source>
        <translation>另存副本(&amp;C)…</translation>
    </message>
    <message>
        <source>Check &amp;integrity…</source>
        <translation>检查完整性(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Close study</source>
        <translation>关闭研究项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About XMDesk</source>
        <translation>关于 XMDesk(&amp;A)</translation>
    </message>
    <message>
        <source>XMDesk studies (*.xmd)</source>
        <translation>XMDesk 研究项目 (*.xmd)</translation>
    </message>
    <message>
        <source>Open study</source>
        <translation>打开研究项目</translation>
    </message>
    <message>
        <source>New study</source>
        <translation>新建研究项目</translation>
    </message>
    <message>
        <source>Running the alert rules left pending</source>
        <translation>正在运行上次未完成的预警规则</translation>
    </message>
    <message>
        <source>Building the demo study</source>
        <translation>正在生成演示研究项目</translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation>另存副本</translation>
    </message>
    <message>
        <source>Saving a copy</source>
        <translation>正在保存副本</translation>
    </message>
    <message>
        <source>[read-only]</source>
        <translation>[只读]</translation>
    </message>
    <message>
        <source>No study open</source>
        <translation>未打开研究项目</translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n 份答卷</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge field laptops</source>
        <translation>合并外勤电脑数据</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>答卷</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Mine / theirs</source>
        <translation>本机 / 对方</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <source>Refused responses: not merged, because a value is not one this survey allows. Have them corrected on the laptop and pack again.</source>
        <translation>被拒绝的答卷：其中有本问卷不允许的值，未合并。请在那台电脑上改正后重新打包。</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merging</source>
        <translation>正在合并</translation>
    </message>
    <message>
        <source>Added {0}, updated {1}, unchanged {2}, conflicting {3}, refused {4}, photos {5}.</source>
        <translation>新增 {0}，更新 {1}，未变 {2}，冲突 {3}，拒绝 {4}，照片 {5}。</translation>
    </message>
    <message>
        <source>Merged.</source>
        <translation>已合并。</translation>
    </message>
    <message>
        <source>Nothing changed yet. This merge would do:</source>
        <translation>尚未改动任何数据。此次合并将会：</translation>
    </message>
    <message>
        <source>Refused {0} responses from {1}: {2}</source>
        <translation>拒绝了来自 {1} 的 {0} 份答卷：{2}</translation>
    </message>
    <message>
        <source>Resolved: kept mine {0}, took theirs {1}.</source>
        <translation>已处理：保留本机 {0}，采用对方 {1}。</translation>
    </message>
    <message>
        <source>Conflicts: the same response was changed here and on a field laptop. Choose for each; undecided ones stay as they are and come back next time.</source>
        <translation>冲突：同一份答卷在本机和外勤电脑上都被修改过。请逐条选择；未决定的保持原样，下次合并时会再次列出。</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>稍后决定</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留本机</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>采用对方</translation>
    </message>
    <message>
        <source>Merge packs or studies</source>
        <translation>合并数据包或研究项目</translation>
    </message>
    <message>
        <source>Response packs and studies</source>
        <translation>答卷数据包和研究项目</translation>
    </message>
</context>
<context>
    <name>NewSurveyDialog</name>
    <message>
        <source>New survey</source>
        <translation>新建问卷</translation>
    </message>
    <message>
        <source>Blank survey</source>
        <translation>空白问卷</translation>
    </message>
    <message>
        <source>Start with no questions.</source>
        <translation>从零开始，不含题目。</translation>
    </message>
    <message>
        <source>Code (column-safe name):</source>
        <translation>编码（用作数据列名）：</translation>
    </message>
    <message>
        <source>Title (中文):</source>
        <translation>标题（中文）：</translation>
    </message>
    <message>
        <source>Title (English):</source>
        <translation>标题（英文）：</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>起点：</translation>
    </message>
</context>
<context>
    <name>ODataPage</name>
    <message>
        <source>Choose a table file…</source>
        <translation>选择表格文件…</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>尚未选择文件。</translation>
    </message>
    <message>
        <source>Import as O-data</source>
        <translation>导入为业务数据</translation>
    </message>
    <message>
        <source>Table name:</source>
        <translation>表名：</translation>
    </message>
    <message>
        <source>Key column:</source>
        <translation>键列：</translation>
    </message>
    <message>
        <source>Customer column:</source>
        <translation>客户列：</translation>
    </message>
    <message>
        <source>Joins to the responses&apos; column:</source>
        <translation>关联到答卷的列：</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键列</translation>
    </message>
    <message>
        <source>Customer column</source>
        <translation>客户列</translation>
    </message>
    <message>
        <source>Joins to</source>
        <translation>关联到</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Operational tables in this study:</source>
        <translation>本研究项目中的业务数据表：</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a table to import</source>
        <translation>选择要导入的表格</translation>
    </message>
    <message>
        <source>Excel and CSV files (*.xlsx *.xlsm *.xls *.csv *.tsv *.txt)</source>
        <translation>Excel 和 CSV 文件 (*.xlsx *.xlsm *.xls *.csv *.tsv *.txt)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
</context>
<context>
    <name>OdataForm</name>
    <message>
        <source>None: the last row on or before the response&apos;s day</source>
        <translation>无：答卷当天或之前的最后一条记录</translation>
    </message>
    <message>
        <source>Count of rows</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最近一条</translation>
    </message>
    <message>
        <source>First</source>
        <translation>最早一条</translation>
    </message>
    <message>
        <source>Lowest</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Highest</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Any row (yes/no)</source>
        <translation>是否有记录（是/否）</translation>
    </message>
    <message>
        <source>Response created (created_at)</source>
        <translation>答卷创建时间（created_at）</translation>
    </message>
    <message>
        <source>Days before: from that many days before the response&apos;s day to that day, both included. Days after: the days after it. Neither: every row up to and including the response&apos;s day.</source>
        <translation>之前天数：从答卷当天往前这么多天到当天，两端都包含。之后天数：答卷当天之后的这些天。都不设：答卷当天及以前的所有记录。</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>表：</translation>
    </message>
    <message>
        <source>Column:</source>
        <translation>列：</translation>
    </message>
    <message>
        <source>Aggregate:</source>
        <translation>汇总方式：</translation>
    </message>
    <message>
        <source>Days before:</source>
        <translation>之前天数：</translation>
    </message>
    <message>
        <source>Days after:</source>
        <translation>之后天数：</translation>
    </message>
    <message>
        <source>Date column:</source>
        <translation>日期列：</translation>
    </message>
    <message>
        <source>Response date:</source>
        <translation>答卷日期：</translation>
    </message>
    <message>
        <source>none</source>
        <translation>不设</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Touchpoint</source>
        <translation>触点</translation>
    </message>
    <message>
        <source>Pain point</source>
        <translation>痛点</translation>
    </message>
    <message>
        <source>Opportunity</source>
        <translation>机会点</translation>
    </message>
    <message>
        <source>Emotion point</source>
        <translation>情绪点</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Persona</source>
        <translation>用户画像</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
    <message>
        <source>Add photo…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>Customer id, phone or order id</source>
        <translation>客户编号、手机号或订单号</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>答卷</translation>
    </message>
    <message>
        <source>Operational records</source>
        <translation>业务记录</translation>
    </message>
    <message>
        <source>No customer record with this id.</source>
        <translation>没有此编号的客户资料。</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表</translation>
    </message>
</context>
<context>
    <name>PropertyPanel</name>
    <message>
        <source>Required</source>
        <translation>必答</translation>
    </message>
    <message>
        <source>Own page</source>
        <translation>单独成页</translation>
    </message>
    <message>
        <source>Randomised order</source>
        <translation>随机顺序</translation>
    </message>
    <message>
        <source>Scale points</source>
        <translation>量表分数</translation>
    </message>
    <message>
        <source>Decimals</source>
        <translation>小数位数</translation>
    </message>
    <message>
        <source>Several lines</source>
        <translation>多行</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>题型</translation>
    </message>
    <message>
        <source>Text (中文)</source>
        <translation>题目（中文）</translation>
    </message>
    <message>
        <source>Text (English)</source>
        <translation>题目（英文）</translation>
    </message>
    <message>
        <source>Help (中文)</source>
        <translation>说明（中文）</translation>
    </message>
    <message>
        <source>Help (English)</source>
        <translation>说明（英文）</translation>
    </message>
    <message>
        <source>Group / page</source>
        <translation>分组 / 页</translation>
    </message>
    <message>
        <source>Group name (中文)</source>
        <translation>分组名称（中文）</translation>
    </message>
    <message>
        <source>Group name (English)</source>
        <translation>分组名称（英文）</translation>
    </message>
    <message>
        <source>Show if</source>
        <translation>显示条件</translation>
    </message>
    <message>
        <source>Valid if</source>
        <translation>有效条件</translation>
    </message>
    <message>
        <source>Message (中文)</source>
        <translation>提示（中文）</translation>
    </message>
    <message>
        <source>Message (English)</source>
        <translation>提示（英文）</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Random order</source>
        <translation>随机排列</translation>
    </message>
    <message>
        <source>Low end (中文)</source>
        <translation>低端标签（中文）</translation>
    </message>
    <message>
        <source>High end (中文)</source>
        <translation>高端标签（中文）</translation>
    </message>
    <message>
        <source>Low end (English)</source>
        <translation>低端标签（英文）</translation>
    </message>
    <message>
        <source>High end (English)</source>
        <translation>高端标签（英文）</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Pattern (regex)</source>
        <translation>格式（正则表达式）</translation>
    </message>
    <message>
        <source>Pattern message (中文)</source>
        <translation>格式提示（中文）</translation>
    </message>
    <message>
        <source>Pattern message (English)</source>
        <translation>格式提示（英文）</translation>
    </message>
    <message>
        <source>Weight (score)</source>
        <translation>权重（得分）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>e.g. ${q3} = 2 and ${q5} &gt;= 4</source>
        <translation>例如 ${q3} = 2 and ${q5} &gt;= 4</translation>
    </message>
    <message>
        <source>e.g. . &gt;= 0 and . &lt;= 100</source>
        <translation>例如 . &gt;= 0 and . &lt;= 100</translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation>（已归档）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Add choice</source>
        <translation>添加选项</translation>
    </message>
    <message>
        <source>Remove choice</source>
        <translation>删除选项</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除行</translation>
    </message>
</context>
<context>
    <name>ReportsArea</name>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>New standard report</source>
        <translation>新建标准报告</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <source>Export data…</source>
        <translation>导出数据…</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Report settings</source>
        <translation>报告设置</translation>
    </message>
    <message>
        <source>Selected block</source>
        <translation>当前模块</translation>
    </message>
    <message>
        <source>Heading</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Filter of this block</source>
        <translation>本模块筛选</translation>
    </message>
    <message>
        <source>Survey of this block</source>
        <translation>本模块问卷</translation>
    </message>
    <message>
        <source>e.g. ${channel} = 1</source>
        <translation>例如 ${channel} = 1</translation>
    </message>
    <message>
        <source>e.g. ${region} = &apos;华东&apos; (all blocks)</source>
        <translation>例如 ${region} = &apos;华东&apos;（作用于全部模块）</translation>
    </message>
    <message>
        <source>A4 portrait</source>
        <translation>A4 纵向</translation>
    </message>
    <message>
        <source>16:9 slides</source>
        <translation>16:9 幻灯片</translation>
    </message>
    <message>
        <source>Mask personal data in quoted comments</source>
        <translation>引用评论时遮盖个人信息</translation>
    </message>
    <message>
        <source>Phone numbers, e-mail addresses, ID numbers and names</source>
        <translation>电话号码、邮箱地址、身份证号和姓名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>PDF layout</source>
        <translation>PDF 版式</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Weighting</source>
        <translation>加权</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <source>Logo file</source>
        <translation>徽标文件</translation>
    </message>
    <message>
        <source>Main colour</source>
        <translation>主色</translation>
    </message>
    <message>
        <source>Accent colour</source>
        <translation>强调色</translation>
    </message>
    <message>
        <source>Unweighted</source>
        <translation>不加权</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>徽标</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.svg)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.svg)</translation>
    </message>
    <message>
        <source>(report&apos;s survey)</source>
        <translation>（报告的问卷）</translation>
    </message>
    <message>
        <source>Follows the report&apos;s survey</source>
        <translation>跟随报告的问卷</translation>
    </message>
    <message>
        <source>Reads the survey chosen for this block</source>
        <translation>读取为本模块选定的问卷</translation>
    </message>
    <message>
        <source>n = %1 · %2</source>
        <translation>n = %1 · %2</translation>
    </message>
    <message>
        <source>Saved “%1” in the study.</source>
        <translation>已将“%1”保存到研究中。</translation>
    </message>
    <message>
        <source>Not shown: %1</source>
        <translation>未显示：%1</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>The blocks of this report read %1 surveys:</source>
        <translation>本报告的模块读取了 %1 份问卷：</translation>
    </message>
    <message>
        <source>Export it with these surveys?</source>
        <translation>确定按这些问卷导出吗？</translation>
    </message>
    <message>
        <source>Several surveys</source>
        <translation>多份问卷</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Exporting the report</source>
        <translation>正在导出报告</translation>
    </message>
</context>
<context>
    <name>ResponseDialog</name>
    <message>
        <source>Response %1</source>
        <translation>答卷 %1</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
</context>
<context>
    <name>ResponseListWidget</name>
    <message>
        <source>unfinished draft</source>
        <translation>未完成的草稿</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message numerus="yes">
        <source>%n response(s) entered on this laptop</source>
        <translation>
            <numerusform>本机已录入 %n 份答卷</numerusform>
        </translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>录入时间</translation>
    </message>
    <message>
        <source>Field worker</source>
        <translation>录入员</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Compliance</source>
        <translation>合规得分</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Export response pack…</source>
        <translation>导出答卷数据包…</translation>
    </message>
    <message>
        <source>Merge packs…</source>
        <translation>合并数据包…</translation>
    </message>
</context>
<context>
    <name>ResponsesModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>访问员</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Phone (web)</source>
        <translation>手机（网页）</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>自助终端</translation>
    </message>
    <message>
        <source>Typed in</source>
        <translation>录入</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Excluded from analysis: %1</source>
        <translation>已排除出分析：%1</translation>
    </message>
</context>
<context>
    <name>RuleSettingsForm</name>
    <message>
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Opens a case at a score of at most</source>
        <translation>得分不高于此值时新建工单</translation>
    </message>
    <message>
        <source>Words (comma-separated)</source>
        <translation>关键词（用逗号分隔）</translation>
    </message>
    <message>
        <source>Topics (comma-separated)</source>
        <translation>话题（用逗号分隔）</translation>
    </message>
    <message>
        <source>Only comments read as negative</source>
        <translation>仅限判为负面的评论</translation>
    </message>
    <message>
        <source>Compare each</source>
        <translation>逐个比较</translation>
    </message>
    <message>
        <source>(the whole survey)</source>
        <translation>（整份问卷）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>(time of entry)</source>
        <translation>（录入时间）</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Fall of more than (points)</source>
        <translation>下降超过（分）</translation>
    </message>
    <message>
        <source>Significance level</source>
        <translation>显著性水平</translation>
    </message>
    <message>
        <source>Smallest base per period</source>
        <translation>每期最小样本量</translation>
    </message>
</context>
<context>
    <name>RulesPanel</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>SLA (working h)</source>
        <translation>SLA（工作小时）</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settings as JSON (advanced)</source>
        <translation>设置（JSON，高级）</translation>
    </message>
    <message>
        <source>Detractor (NPS)</source>
        <translation>贬损者（NPS）</translation>
    </message>
    <message>
        <source>Lowest rating</source>
        <translation>最低评分</translation>
    </message>
    <message>
        <source>Negative comment with words</source>
        <translation>含关键词的负面评论</translation>
    </message>
    <message>
        <source>Comment topic</source>
        <translation>评论话题</translation>
    </message>
    <message>
        <source>Score fell vs previous period</source>
        <translation>得分较上期下降</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Only responses where</source>
        <translation>仅限满足条件的答卷</translation>
    </message>
    <message>
        <source>SLA (working hours)</source>
        <translation>SLA（工作小时）</translation>
    </message>
    <message>
        <source>Do not disturb (days)</source>
        <translation>免打扰（天）</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>新建规则</translation>
    </message>
    <message>
        <source>Save rule</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>Delete rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <source>Working hours…</source>
        <translation>工作时间…</translation>
    </message>
    <message>
        <source>SLA due times count only the study&apos;s working hours</source>
        <translation>SLA 截止时间只计算本研究项目的工作时间</translation>
    </message>
    <message>
        <source>Run rules now</source>
        <translation>立即运行规则</translation>
    </message>
    <message>
        <source>off</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Last run failed (%1): %2</source>
        <translation>上次运行失败（%1）：%2</translation>
    </message>
    <message>
        <source>Delete the rule “%1”? Its cases stay.</source>
        <translation>删除规则“%1”？其工单将保留。</translation>
    </message>
    <message>
        <source>Running alert rules</source>
        <translation>正在运行预警规则</translation>
    </message>
    <message>
        <source>%1 hits, %2 new cases</source>
        <translation>命中 %1 条，新建工单 %2 个</translation>
    </message>
</context>
<context>
    <name>Sentiment</name>
    <message>
        <source>Negative</source>
        <translation>负面</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>正面</translation>
    </message>
</context>
<context>
    <name>StatusUndoBar</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Case #%1: %2 → %3.</source>
        <translation>工单 #%1：%2 → %3。</translation>
    </message>
    <message>
        <source>Undone: case #%1 is back at %2.</source>
        <translation>已撤销：工单 #%1 回到“%2”。</translation>
    </message>
</context>
<context>
    <name>StudyPage</name>
    <message numerus="yes">
        <source>%n survey(s)</source>
        <translation>
            <numerusform>%n 份问卷</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n 份答卷</numerusform>
        </translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
</context>
<context>
    <name>SurveyEntry</name>
    <message>
        <source>Read-only: responses cannot be saved.</source>
        <translation>只读：无法保存答卷。</translation>
    </message>
    <message>
        <source>An unfinished response from {0} was recovered: carry on typing, or discard it.</source>
        <translation>已恢复 {0} 未完成的答卷：可继续录入，或放弃它。</translation>
    </message>
    <message>
        <source>Draft kept: it is saved as soon as the study is free</source>
        <translation>草稿已保留：研究项目一有空闲即保存</translation>
    </message>
    <message>
        <source>Draft saved {0}</source>
        <translation>草稿已保存 {0}</translation>
    </message>
    <message>
        <source>Draft discarded</source>
        <translation>草稿已放弃</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) need attention</source>
        <translation>
            <numerusform>%n 处答案需要修改</numerusform>
        </translation>
    </message>
    <message>
        <source>Response #{0} saved</source>
        <translation>答卷 #{0} 已保存</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>下一次到访</translation>
    </message>
    <message>
        <source>New response</source>
        <translation>新答卷</translation>
    </message>
    <message>
        <source>Editing response #{0}</source>
        <translation>正在编辑答卷 #{0}</translation>
    </message>
    <message>
        <source>Export response pack</source>
        <translation>导出答卷数据包</translation>
    </message>
    <message>
        <source>Response packs (*{0})</source>
        <translation>答卷数据包 (*{0})</translation>
    </message>
    <message numerus="yes">
        <source>%n response(s) packed</source>
        <translation>
            <numerusform>已打包 %n 份答卷</numerusform>
        </translation>
    </message>
    <message>
        <source>Writing the response pack</source>
        <translation>正在写入答卷数据包</translation>
    </message>
    <message>
        <source>Field worker:</source>
        <translation>录入员：</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>放弃草稿</translation>
    </message>
    <message>
        <source>Save response (Ctrl+S)</source>
        <translation>保存答卷 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Next visit (Ctrl+N)</source>
        <translation>下一次到访 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>到访信息</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Enter responses</source>
        <translation>录入答卷</translation>
    </message>
    <message>
        <source>This laptop&apos;s responses</source>
        <translation>本机答卷</translation>
    </message>
</context>
<context>
    <name>SurveysArea</name>
    <message>
        <source>Import XLSForm</source>
        <translation>导入 XLSForm</translation>
    </message>
    <message>
        <source>XLSForm (*.xlsx)</source>
        <translation>XLSForm (*.xlsx)</translation>
    </message>
    <message>
        <source>Imported the survey “{0}” ({1}), questions: {2}.</source>
        <translation>已导入问卷“{0}”（{1}），题目 {2} 个。</translation>
    </message>
    <message>
        <source>XLSForm (*.xlsx *.xlsm *.xls *.csv *.md)</source>
        <translation>XLSForm (*.xlsx *.xlsm *.xls *.csv *.md)</translation>
    </message>
    <message>
        <source>Export XLSForm</source>
        <translation>导出 XLSForm</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>New survey…</source>
        <translation>新建问卷…</translation>
    </message>
    <message>
        <source>Import XLSForm…</source>
        <translation>导入 XLSForm…</translation>
    </message>
    <message>
        <source>Export XLSForm…</source>
        <translation>导出 XLSForm…</translation>
    </message>
    <message>
        <source>This study has no survey yet: start one from a template or an XLSForm.</source>
        <translation>此研究项目还没有问卷：可从模板或 XLSForm 开始。</translation>
    </message>
</context>
<context>
    <name>TextArea</name>
    <message>
        <source>Analysing comments</source>
        <translation>正在分析评论</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>全部主题</translation>
    </message>
    <message>
        <source>No topic</source>
        <translation>无主题</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>全部细分</translation>
    </message>
    <message>
        <source>All sentiment</source>
        <translation>全部情感</translation>
    </message>
    <message>
        <source>All NPS groups</source>
        <translation>全部 NPS 分组</translation>
    </message>
    <message>
        <source>Detractors (0-6)</source>
        <translation>贬损者（0-6）</translation>
    </message>
    <message>
        <source>Passives (7-8)</source>
        <translation>被动者（7-8）</translation>
    </message>
    <message>
        <source>Promoters (9-10)</source>
        <translation>推荐者（9-10）</translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n 条评论</numerusform>
        </translation>
    </message>
    <message>
        <source>No open-text question in this study.</source>
        <translation>此研究项目没有开放题。</translation>
    </message>
    <message>
        <source>%1 comments · %2 neutral (no opinion) · of the %3 with an opinion: %4% negative, %5% positive · %6 machine-coded, %7 by hand</source>
        <translation>%1 条评论 · %2 条中性（无观点）· 在 %3 条有观点的评论中：负面 %4%，正面 %5% · %6 条由模型编码，%7 条人工编码</translation>
    </message>
    <message>
        <source> · the model adjusted by %1 of this study&apos;s codes</source>
        <translation> · 模型已按本项目的 %1 条标注调整</translation>
    </message>
    <message>
        <source>Small base: fewer than 30 respondents</source>
        <translation>样本量小：少于 30 位受访者</translation>
    </message>
    <message>
        <source>Share of comments by topic (%), coloured by sentiment</source>
        <translation>各主题评论占比（%），颜色表示情感</translation>
    </message>
    <message>
        <source>NPS of respondents who mention the topic (blue) and who do not (grey)</source>
        <translation>提及该主题（蓝）与未提及（灰）的受访者 NPS</translation>
    </message>
    <message>
        <source>Keywords (TF-IDF)</source>
        <translation>关键词（TF-IDF）</translation>
    </message>
    <message>
        <source>Keywords (TextRank)</source>
        <translation>关键词（TextRank）</translation>
    </message>
    <message>
        <source>Sentiment of comments (%)</source>
        <translation>评论情感分布（%）</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>题目：</translation>
    </message>
    <message>
        <source>Sentiment model:</source>
        <translation>情感模型：</translation>
    </message>
    <message>
        <source>XMDesk (fast, default)</source>
        <translation>XMDesk（快速，默认）</translation>
    </message>
    <message>
        <source>snownlp (baseline, slow)</source>
        <translation>snownlp（基线，较慢）</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Codebook and words…</source>
        <translation>编码表与词库…</translation>
    </message>
    <message>
        <source>Search comments</source>
        <translation>搜索评论</translation>
    </message>
    <message>
        <source>Open response</source>
        <translation>查看答卷</translation>
    </message>
    <message>
        <source>Topics…</source>
        <translation>主题…</translation>
    </message>
    <message>
        <source>Quotable</source>
        <translation>可引用</translation>
    </message>
    <message>
        <source>Code the selected comment by hand: 1 positive · 2 neutral · 3 negative · 0 the model&apos;s · T topics · Q quotable. Green and red grounds: the words that drove the score.</source>
        <translation>人工编码所选评论：1 正面 · 2 中性 · 3 负面 · 0 恢复模型结果 · T 主题 · Q 可引用。绿色和红色底纹：决定该得分的词语。</translation>
    </message>
    <message>
        <source> Underlined, ↑↓: moved by what was learned from your codes.</source>
        <translation>下划线与↑↓：因从您的标注学到的调整而变化。</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Sentiment and Negative % are about the topic itself (the clause that names it) and leave out the neutral mentions, counted apart. “Without”: respondents whose comment on this question does not mention the topic. * fewer than 30 respondents. Double-click a topic to read its comments.</source>
        <translation>情感和负面 % 针对主题本身（提及该主题的分句），不含单独计数的中性提及。“未提及者”：对本题留有评论但未提及该主题的受访者。* 表示少于 30 位受访者。双击主题可查看其评论。</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Share %</source>
        <translation>占比 %</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>情感</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>Negative %</source>
        <translation>负面 %</translation>
    </message>
    <message>
        <source>NPS with</source>
        <translation>提及者 NPS</translation>
    </message>
    <message>
        <source>NPS without</source>
        <translation>未提及者 NPS</translation>
    </message>
    <message>
        <source>NPS difference</source>
        <translation>NPS 差值</translation>
    </message>
    <message>
        <source>CSAT with</source>
        <translation>提及者 CSAT</translation>
    </message>
    <message>
        <source>CSAT without</source>
        <translation>未提及者 CSAT</translation>
    </message>
</context>
<context>
    <name>ThresholdsDialog</name>
    <message>
        <source>Score colours</source>
        <translation>得分颜色</translation>
    </message>
    <message>
        <source>Poor below</source>
        <translation>较差上限（低于）</translation>
    </message>
    <message>
        <source>Good from</source>
        <translation>良好起点</translation>
    </message>
</context>
<context>
    <name>TileFrame</name>
    <message>
        <source>Move earlier</source>
        <translation>前移</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>后移</translation>
    </message>
    <message>
        <source>Full or half width</source>
        <translation>整行或半行宽度</translation>
    </message>
    <message>
        <source>Open in the explorer</source>
        <translation>在“探索”中打开</translation>
    </message>
    <message>
        <source>Remove from the dashboard</source>
        <translation>从看板移除</translation>
    </message>
</context>
<context>
    <name>TopicPicker</name>
    <message>
        <source>Topics of this comment</source>
        <translation>此评论的主题</translation>
    </message>
    <message>
        <source>Model&apos;s topics</source>
        <translation>恢复模型主题</translation>
    </message>
</context>
<context>
    <name>ValuePanel</name>
    <message>
        <source>Import orders (an operational table with a customer column and an amount) to compare what promoters and detractors spend.</source>
        <translation>请先导入订单（含客户编号和金额的运营数据表），以比较推荐者与贬损者的消费。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>Orders table:</source>
        <translation>订单表：</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>Days before / after:</source>
        <translation>前后天数：</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
</context>
<context>
    <name>VisitPanel</name>
    <message>
        <source>pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Visit time</source>
        <translation>到访时间</translation>
    </message>
    <message>
        <source>Shopper</source>
        <translation>暗访员</translation>
    </message>
    <message>
        <source>Compliance score</source>
        <translation>合规得分</translation>
    </message>
</context>
<context>
    <name>WelcomeWidget</name>
    <message>
        <source>This file is no longer there.</source>
        <translation>此文件已不存在。</translation>
    </message>
    <message>
        <source>Customer-experience research on your laptop: surveys, data, text analytics, journeys and reports — all offline.</source>
        <translation>在笔记本电脑上完成客户体验研究：问卷、数据、文本分析、旅程和报告——全部离线。</translation>
    </message>
    <message>
        <source>New study…</source>
        <translation>新建研究项目…</translation>
    </message>
    <message>
        <source>Open study…</source>
        <translation>打开研究项目…</translation>
    </message>
    <message>
        <source>Open demo study</source>
        <translation>打开演示研究项目</translation>
    </message>
    <message>
        <source>Version {0}</source>
        <translation>版本 {0}</translation>
    </message>
    <message>
        <source>Recent studies</source>
        <translation>最近的研究项目</translation>
    </message>
    <message>
        <source>Studies you open will be listed here.</source>
        <translation>您打开过的研究项目会列在这里。</translation>
    </message>
    <message>
        <source>Remove missing files from the list</source>
        <translation>从列表中移除已不存在的文件</translation>
    </message>
</context>
<context>
    <name>WorkTimeDialog</name>
    <message>
        <source>Working hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Hours each day</source>
        <translation>每日工作时段</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Make-up working days</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>Saved &lt;b&gt;{0}&lt;/b&gt; in {1}.</source>
        <translation>已保存 &lt;b&gt;{0}&lt;/b&gt;，位于 {1}。</translation>
    </message>
</context>
<context>
    <name>scene</name>
    <message>
        <source>Resize stage</source>
        <translation>调整阶段宽度</translation>
    </message>
    <message>
        <source>Reorder stages</source>
        <translation>调整阶段顺序</translation>
    </message>
</context>
</TS>
