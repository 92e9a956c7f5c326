#!/usr/bin/env python3
# make_bad.py - regenerates tests/survey/bad/*.json from good/example.json, each
# with realistic hand-editing mistakes.  Run from tests/survey; then review and
# regenerate the goldens: JH_UPDATE_GOLDEN=1 (see check_cli.sh).
import json
ex = open('good/example.json').read()
def sub(text, pairs):
    for a, b in pairs:
        assert a in text, a
        text = text.replace(a, b, 1)
    return text
files = {
 'syntax_trailing_comma': sub(ex, [('"closing": {"zh-CN": "谢谢您！", "en": "Thank you!"},', '"closing": {"zh-CN": "谢谢您！", "en": "Thank you!",},')]),
 'syntax_missing_comma': sub(ex, [('{"code": "town", "label": {"zh-CN": "镇上", "en": "Town"}},', '{"code": "town", "label": {"zh-CN": "镇上", "en": "Town"}}')]),
 'syntax_unclosed': ex[:ex.index('"id": "improve"')],
 'syntax_unquoted_key': sub(ex, [('"method": "answers",', 'method: "answers",')]),
 'syntax_fullwidth_quote': sub(ex, [('"version": "1.0",', '"version"：“1.0”,')]),
 'syntax_crlf_bom': '\ufeff' + sub(ex, [('"title": {"zh-CN": "家长问卷", "en": "Parent questionnaire"},', '"title": {"zh-CN": "家长问卷", "en": "Parent questionnaire"}')]).replace('\n', '\r\n'),
 'not_an_object': '["parent-demo"]\n',
 'unknown_fields': sub(ex, [('"title":', '"tittle":'), ('"required": true,\n      "text": {"zh-CN": "孩子在学校吃得好吗？', '"requried": true,\n      "text": {"zh-CN": "孩子在学校吃得好吗？'),
                            ('"satisfied_min": 7,', '"satisfied_min": 7, "max_choices": 1,'), ('"id": "comment", "type": "text",', '"id": "comment", "type": "text", "colour": "red",'),
                            ('"version": "1.0",', '"version": "1.0",\n  "version": "1.1",')]),
 'missing_fields': sub(ex, [('"method": "answers",\n', ''), ('"id": "boards", "type": "yesno",', '"id": "boards",'),
                            ('{"code": "safety", "label": {"zh-CN": "安全", "en": "Safety"}}', '{"label": {"zh-CN": "安全", "en": "Safety"}}'),
                            ('"id": "improve", "type": "multi", "max_choices": 2,', '"id": "improve", "type": "multi",')]),
 'wrong_types': sub(ex, [('"score": 4,', '"score": "4",'), ('"satisfied_min": 7,', '"satisfied_min": "7",'),
                         ('"title": {"zh-CN": "家长问卷", "en": "Parent questionnaire"},', '"title": "家长问卷",'),
                         ('"id": "comment", "type": "text"', '"id": "comment", "type": "textbox"'), ('"overall": true,', '"overall": "yes",')]),
 'duplicates': sub(ex, [('{"code": "fairly",', '{"code": "satisfied",'), ('"id": "score", "type": "rating"', '"id": "meals", "type": "rating"'),
                        ('{"id": "boarding", "label"', '{"id": "meals", "label"'), ('"locales": ["zh-CN", "en"]', '"locales": ["zh-CN", "en", "zh-CN"]')]),
 'references': sub(ex, [('"scale": "sat5", "topic": "meals"', '"scale": "sat7", "topic": "meals"'),
                        ('"topic": "overall", "satisfied_min"', '"topic": "quality", "satisfied_min"')]),
 'show_if': sub(ex, [('"show_if": {"item": "boards", "in": ["yes"]}', '"show_if": {"item": "boarding", "in": ["yes"]}'),
                     ('"id": "meals", "type": "scale", "scale": "sat5", "topic": "meals", "required": true,',
                      '"id": "meals", "type": "scale", "scale": "sat5", "topic": "meals", "required": true, "show_if": {"item": "score", "in": ["0"]},'),
                     ('"id": "improve", "type": "multi", "max_choices": 2,', '"id": "improve", "type": "multi", "max_choices": 2, "show_if": {"item": "improve", "in": ["meals"]},'),
                     ('"id": "score", "type": "rating", "topic": "overall", "satisfied_min": 7,',
                      '"id": "score", "type": "rating", "topic": "overall", "satisfied_min": 7, "show_if": {"item": "boards", "in": ["maybe"]},'),
                     ('"id": "comment", "type": "text", "max_length": 200,', '"id": "comment", "type": "text", "max_length": 200, "show_if": {"item": "residense", "not_in": ["city"]},'),
                     ('"id": "boards", "type": "yesno",', '"id": "boards", "type": "yesno", "show_if": {"item": "residence", "in": ["city", "town"]},')]),
 'translations': sub(ex, [('{"zh-CN": "家长问卷", "en": "Parent questionnaire"}', '{"en": "Parent questionnaire"}'),
                          ('{"code": "dissatisfied", "label": {"zh-CN": "不满意", "en": "Dissatisfied"}', '{"code": "dissatisfied", "label": {"zh-CN": "不满意"}'),
                          ('"help": {"zh-CN": "可以不写。", "en": "You may leave this empty."}', '"help": {"zh-CN": "可以不写。", "en": "You may leave this empty.", "ug": "..."}'),
                          ('"closing": {"zh-CN": "谢谢您！", "en": "Thank you!"}', '"closing": {"zh-CN": "", "en": "Thank you!"}')]),
 'glyphs': sub(ex, [('"text": {"zh-CN": "孩子在学校吃得好吗？您满意吗？"', '"text": {"zh-CN": "孩子在学校吃得好吗？✔ 满意请打✔"'),
                    ('{"code": "town", "label": {"zh-CN": "镇上", "en": "Town"}}', '{"code": "town", "label": {"zh-CN": "镇上 🏠", "en": "Town 🏠"}}'),
                    ('"closing": {"zh-CN": "谢谢您！"', '"closing": {"zh-CN": "谢谢您！王喆校长"')]),
 'item_rules': sub(ex, [('"id": "score", "type": "rating", "topic": "overall", "satisfied_min": 7,', '"id": "score", "type": "rating", "satisfied_min": 11, "overall": true,'),
                        ('"id": "meals", "type": "scale", "scale": "sat5", "topic": "meals", "required": true,', '"id": "meals", "type": "scale", "scale": "sat5", "topic": "meals", "required": true, "overall": true,'),
                        ('"max_choices": 2,', '"max_choices": 4,'), ('{"code": "homework",', '{"code": "作业",'),
                        ('"audience": "parent",', '"audience": "家长",'),
                        ('"id": "comment", "type": "text", "max_length": 200,', '"id": "comment", "type": "text", "max_length": 200, "required": true,')]),
 'option_rules': sub(ex, [('"score": 3, "satisfied": true}', '"score": 3, "satisfied": true, "excluded": true}'),
                          ('{"code": "no_answer", "label": {"zh-CN": "不愿回答", "en": "Prefer not to say"}, "excluded": true}', '{"code": "no", "label": {"zh-CN": "不说", "en": "No"}}'),
                          ('"options": [\n        {"code": "meals"', '"options": [],\n      "x_options": [\n        {"code": "meals"')]),
 'scale_without_satisfied': ex.replace(', "satisfied": true}', '}'),
 # wording checks (issue 18): one file per rule, each item a case of it
 'wording_yesno_on_satisfaction': sub(ex, [('"孩子在学校吃得好吗？您满意吗？"', '"孩子的作业多不多？您对作业量满意吗？"'),
                                           ('"您对孩子住校的情况满意吗？"', '"孩子在学校安全吗？您放心吗？"'),
                                           ('"总的来说，您对这所学校满意吗？"', '"您是否愿意推荐这所学校？"')]),
 'wording_frequency_on_satisfaction': sub(ex, [('"孩子在学校吃得好吗？您满意吗？"', '"老师经常和您说孩子的情况吗？您满意吗？"'),
                                               ('"您对孩子住校的情况满意吗？"', '"您每周去学校几次？"')]),
 'wording_satisfaction_on_yesno': sub(ex, [('"孩子在学校住宿吗？"', '"您对孩子住校满意吗？"')]),
 'wording_satisfaction_on_agreement_frequency': sub(ex, [
     ('"scales": [\n', '"scales": [\n    {"id": "agree", "kind": "agreement", "options": [{"code": "agree", "label": {"zh-CN": "同意", "en": "Agree"}, "satisfied": true}, {"code": "disagree", "label": {"zh-CN": "不同意", "en": "Disagree"}}]},\n'
                       '    {"id": "often", "kind": "frequency", "options": [{"code": "often", "label": {"zh-CN": "经常", "en": "Often"}, "satisfied": true}, {"code": "never", "label": {"zh-CN": "从不", "en": "Never"}}]},\n'),
     ('"scale": "sat5", "topic": "boarding"', '"scale": "agree", "topic": "boarding"'),
     ('"您对孩子住校的情况满意吗？"', '"您对宿舍满不满意？"'),
     ('"scale": "sat5", "topic": "meals"', '"scale": "often", "topic": "meals"'),
     ('"孩子在学校吃得好吗？您满意吗？"', '"您对学校的饭菜是否满意？"')]),
 'wording_two_things': sub(ex, [('"孩子在学校吃得好吗？您满意吗？"', '"您对学校的饭菜以及校车满意吗？"'),
                                ('"您对孩子住校的情况满意吗？"', '"您对宿舍或食堂满意吗？"'),
                                ('"孩子在学校住宿吗？"', '"老师有没有叫孩子补课，或者乱收钱？"')]),
 # clauses, not sentences: a 满意 in the sentence does not hide a yes/no or
 # how-often clause; an unclosed bracket does not hide 或者
 'wording_clauses': sub(ex, [('"您对孩子住校的情况满意吗？"', '"孩子的作业多不多，您对作业量满意吗？"'),
                             ('"孩子在学校吃得好吗？您满意吗？"', '"老师经常和您联系，您满意吗？"'),
                             ('"总的来说，您对这所学校满意吗？"', '"您对老师有没有乱收费满意吗？"')]),
 'wording_unclosed_bracket': sub(ex, [('"您对孩子住校的情况满意吗？"', '"您对宿舍（学校提供的住处或者食堂满意吗？"')]),
 # scales that cannot be counted as the rules say (balance-rules §4)
 'scale_all_satisfied': sub(ex, [('"score": 1},', '"score": 1, "satisfied": true},')]),
 'scale_dont_know_counted': sub(ex, [('{"code": "dont_know", "label": {"zh-CN": "不了解", "en": "Don\'t know"}, "excluded": true}',
                                      '{"code": "dont_know", "label": {"zh-CN": "不了解", "en": "Don\'t know"}}')]),
}
for name, text in files.items():
    open(f'bad/{name}.json', 'w', newline='').write(text)
print(len(files))
