<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BehindDialog</name>
    <message numerus="yes">
        <source>%n response(s) behind this card</source>
        <translation>
            <numerusform>%n response behind this card</numerusform>
            <numerusform>%n responses behind this card</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CasesArea</name>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChartsArea</name>
    <message numerus="yes">
        <source>%n chartable question(s)</source>
        <translation>
            <numerusform>%n chartable question</numerusform>
            <numerusform>%n chartable questions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s) in the base</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DataArea</name>
    <message numerus="yes">
        <source>%n response(s) match</source>
        <translation>
            <numerusform>%n response match</numerusform>
            <numerusform>%n responses match</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n response</numerusform>
            <numerusform>%n responses</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportArea</name>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JourneyArea</name>
    <message numerus="yes">
        <source>%n touchpoint(s)</source>
        <translation>
            <numerusform>%n touchpoint</numerusform>
            <numerusform>%n touchpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stage(s)</source>
        <translation>
            <numerusform>%n stage</numerusform>
            <numerusform>%n stages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pain point(s)</source>
        <translation>
            <numerusform>%n pain point</numerusform>
            <numerusform>%n pain points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JourneyEditor</name>
    <message numerus="yes">
        <source>%n stage(s)</source>
        <translation>
            <numerusform>%n stage</numerusform>
            <numerusform>%n stages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n linked touchpoint(s)</source>
        <translation>
            <numerusform>%n linked touchpoint</numerusform>
            <numerusform>%n linked touchpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n broken link(s)</source>
        <translation>
            <numerusform>%n broken link</numerusform>
            <numerusform>%n broken links</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n response</numerusform>
            <numerusform>%n responses</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewArea</name>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n response</numerusform>
            <numerusform>%n responses</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResponseListWidget</name>
    <message numerus="yes">
        <source>%n response(s) entered on this laptop</source>
        <translation>
            <numerusform>%n response entered on this laptop</numerusform>
            <numerusform>%n responses entered on this laptop</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StudyPage</name>
    <message numerus="yes">
        <source>%n survey(s)</source>
        <translation>
            <numerusform>%n survey</numerusform>
            <numerusform>%n surveys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n response</numerusform>
            <numerusform>%n responses</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SurveyEntry</name>
    <message numerus="yes">
        <source>%n answer(s) need attention</source>
        <translation>
            <numerusform>%n answer needs attention</numerusform>
            <numerusform>%n answers need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s) packed</source>
        <translation>
            <numerusform>%n response packed</numerusform>
            <numerusform>%n responses packed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SurveysArea</name>
    <message numerus="yes">
        <source>%n question(s)</source>
        <translation>
            <numerusform>%n question</numerusform>
            <numerusform>%n questions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TextArea</name>
    <message numerus="yes">
        <source>%n open-text question(s)</source>
        <translation>
            <numerusform>%n open-text question</numerusform>
            <numerusform>%n open-text questions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
</context>
</TS>
