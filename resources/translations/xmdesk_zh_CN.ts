<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>Offline customer-experience research.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About XMDesk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <source>Surveys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasesArea</name>
    <message>
        <source>Close the loop: alert rules open cases for unhappy customers, assigned to departments and followed until resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChartsArea</name>
    <message>
        <source>NPS, CSAT and CES, distributions, crosstabs with significance tests, trends over time and key-driver analysis, drawn as interactive charts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chartable question(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DataArea</name>
    <message>
        <source>This study has no survey yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n response(s) match</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Survey:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick filter: text, customer or ID (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntryArea</name>
    <message>
        <source>Key in paper questionnaires and interviews, one response at a time, with required answers and constraints checked as you type and drafts kept safe.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportArea</name>
    <message>
        <source>Bring in responses from Excel and CSV exports (Qualtrics, SurveyMonkey, Wenjuanxing, Tencent Survey) and operational tables such as customers and orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JourneyArea</name>
    <message>
        <source>Draw customer journey maps with stages, touchpoints, pain points and emotions; touchpoints linked to questions show live scores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journey map</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Single choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPS (0-10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rating scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New study…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open study…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a &amp;copy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About XMDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XMDesk studies (*.xmd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building the demo study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy saved to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving a copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No study open</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewArea</name>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Coming in a later version. Nothing here changes your study.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In this study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsArea</name>
    <message>
        <source>Build report recipes once and export them to PowerPoint, Excel, Word, HTML and PDF with the same charts as on screen.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponsesModel</name>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StudyPage</name>
    <message numerus="yes">
        <source>%n survey(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SurveysArea</name>
    <message>
        <source>Design questionnaires: questions and choices in Chinese and English, skip logic, versions, and XLSForm import and export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question types</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n question(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TextArea</name>
    <message>
        <source>Chinese word segmentation, sentiment, keywords and a codebook for open comments, linked back to the responses they came from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open-text question(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomeWidget</name>
    <message>
        <source>This file is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer-experience research on your laptop: surveys, data, text analytics, journeys and reports — all offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New study…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open study…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open demo study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent studies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Studies you open will be listed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove missing files from the list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
