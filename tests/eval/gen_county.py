#!/usr/bin/env python3
"""Writes a generated county (register with the evaluation columns, county
facts) for the province tests and benchmark: gen_county.py SEED N_SCHOOLS
REGISTER.csv FACTS.csv.  Deterministic from SEED; some schools miss
standards, some county facts fail, a few are blank (无数据)."""
import csv, random, sys

seed, n, reg, facts = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rnd = random.Random(seed)
cols = ["code", "name", "level", "locality", "enrolment", "teachers", "teachers_above_qualification",
        "teachers_intermediate_title", "backbone_teachers", "pe_art_teachers", "floor_area",
        "sports_area", "equipment_value", "multimedia_classrooms", "computers", "books",
        "classes_primary", "classes_junior", "max_class_primary", "max_class_junior", "music_rooms",
        "music_room_area", "art_rooms", "art_room_area", "certified_teachers", "trained_teachers",
        "training_funds", "public_funds", "charter", "it_management", "it_teaching",
        "moral_education_good", "full_curriculum", "no_excess_burden"]
with open(reg, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(cols)
    for i in range(n):
        junior = rnd.random() < 0.35
        e = rnd.randint(150, 2300)
        t = max(8, int(e / rnd.uniform(12, 18)))
        q = rnd.uniform(0.8, 1.3)   # resource level of the school
        classes = max(1, round(e / rnd.uniform(38, 58)))
        mx = max(-(-e // classes), int(e / classes + rnd.randint(0, 12)))
        music = max(0, -(-classes // 12) - rnd.randint(0, 1))
        cert = t if rnd.random() < 0.85 else t - rnd.randint(1, 3)
        yn = lambda p: "是" if rnd.random() < p else "否"
        w.writerow([f"{seed:03d}{i:04d}", f"学校{seed}-{i}", "junior" if junior else "primary",
                    rnd.choice(["urban", "town", "rural"]), e, t, min(t, int(t * 0.8 * q)),
                    int(t * 0.5), max(1, int(e * 0.012 * q)), max(1, int(e * 0.01 * q)),
                    int(e * (6.5 if junior else 5.0) * q), int(e * (11 if junior else 8.5) * q),
                    int(e * (2800 if junior else 2300) * q), max(1, int(e * 0.026 * q)),
                    int(e * 0.12), int(e * 30 * q),
                    "" if junior else classes, classes if junior else "",
                    "" if junior else mx, mx if junior else "",
                    music, rnd.choice([90, 96, 110]) if music else "",
                    -(-classes // 12), rnd.choice([85, 90, 100]), cert, t,
                    rnd.randint(20000, 80000), 1000000, yn(0.97), yn(0.95), yn(0.9), yn(0.9),
                    yn(0.95), yn(0.92)])
rows = [("G1.layout", "是"), ("G2.building", "是"), ("G2.staffing", "是"), ("G2.funds", "是"),
        ("G2.equipment", "是"), ("G6.small_schools", "是"), ("G7.special_funds", rnd.choice([5800, 6000, 7200])),
        ("G8.teacher_pay", 98000), ("G8.civil_pay", rnd.choice([96000, 99000])), ("G8.performance_pay", "是"),
        ("G10.quotas", rnd.choice(["是", ""])), ("G11.rotation", rnd.choice([8, 12, 15])), ("G11.backbone", 25),
        ("G13.primary", 100), ("G13.junior", rnd.choice([93, 96, 98])), ("G14.allocation", 55),
        ("G14.rural", "是"), ("G15.left_behind", "是"), ("G15.migrant", 90), ("Q1.retention", 97),
        ("Q2.disabled", 96), ("Q9.level", "是"), ("Q9.difference", 0.12),
        ("V1.exam_admission", "否"), ("V2.school_choice", "否"),
        ("V3.key_schools", "是" if rnd.random() < 0.1 else "否"), ("V4.safety_fees", "否"),
        ("V5.falsified", "否")]
with open(facts, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["key", "value", "evidence"])
    for k, v in rows:
        w.writerow([k, v, f"县文件〔2026〕{seed}号 第{rnd.randint(1, 20)}页"])
