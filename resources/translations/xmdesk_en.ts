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
    <name>BulkEditDialog</name>
    <message numerus="yes">
        <source>%n response(s) will change</source>
        <translation>
            <numerusform>%n response will change</numerusform>
            <numerusform>%n responses will change</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseBoard</name>
    <message numerus="yes">
        <source>%n case(s) shown</source>
        <translation>
            <numerusform>%n case shown</numerusform>
            <numerusform>%n cases shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Owner of the %n selected case(s):</source>
        <translation>
            <numerusform>Owner of the selected case:</numerusform>
            <numerusform>Owner of the %n selected cases:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) written.</source>
        <translation>
            <numerusform>%n case written.</numerusform>
            <numerusform>%n cases written.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CollectArea</name>
    <message numerus="yes">
        <source>%n page(s), one per store.</source>
        <translation>
            <numerusform>%n page, one per store.</numerusform>
            <numerusform>%n pages, one per store.</numerusform>
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
    <name>ImportWizard</name>
    <message numerus="yes">
        <source>%n row(s) in the sheet</source>
        <translation>
            <numerusform>%n row in the sheet</numerusform>
            <numerusform>%n rows in the sheet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n data row(s) read.</source>
        <translation>
            <numerusform>%n data row read.</numerusform>
            <numerusform>%n data rows read.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) were imported before and will be skipped.</source>
        <translation>
            <numerusform>%n row was imported before and will be skipped.</numerusform>
            <numerusform>%n rows were imported before and will be skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>%n problem found.</numerusform>
            <numerusform>%n problems found.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel came after the import had finished: %n row(s) of %1 are in survey %2.</source>
        <translation>
            <numerusform>Cancel came after the import had finished: %n row of %1 is in survey %2.</numerusform>
            <numerusform>Cancel came after the import had finished: %n rows of %1 are in survey %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import cancelled: no row of %1 was imported; survey %2 still has %n response(s).</source>
        <translation>
            <numerusform>Import cancelled: no row of %1 was imported; survey %2 still has %n response.</numerusform>
            <numerusform>Import cancelled: no row of %1 was imported; survey %2 still has %n responses.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with problems were skipped.</source>
        <translation>
            <numerusform>%n row with problems was skipped.</numerusform>
            <numerusform>%n rows with problems were skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) imported before were skipped.</source>
        <translation>
            <numerusform>%n row imported before was skipped.</numerusform>
            <numerusform>%n rows imported before were skipped.</numerusform>
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
    <name>ODataPage</name>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
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
    <name>TextArea</name>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
</context>
</TS>
