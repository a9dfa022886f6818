import json
def col(name,label,type,required=False,**kw):
    d={"name":name,"label":label,"type":type}
    if required: d["required"]=True
    d.update(kw); return d
def cl(*vals):
    out=[]
    for v in vals:
        if isinstance(v,str): out.append({"code":v})
        else: out.append({"code":v[0],"synonyms":v[1]})
    return {"values":out}
yn_cols=lambda names: [col(n,l,"yesno") for n,l in names]
forms=[
 {"code":"DM","name":"Enrollment and baseline","key":["SUBJID"],"siteColumn":"SITEID","onePerSubject":True,"columns":[
   col("SITEID","Site","text",True), col("SUBJID","Subject","text",True),
   col("RFICDAT","Informed consent date","date",True), col("ENRLDAT","Enrollment date","date",True),
   col("AGE","Age at enrollment (years)","integer",True), col("SEX","Sex","code",True,codeList="SEX"),
   col("ECOG","ECOG performance status","integer",codeList="ECOG"), col("DIAGDAT","Diagnosis of myeloma","date"),
   col("ISS","ISS stage","code",codeList="ISS"), col("PRIORREG","Number of prior regimens","integer",True),
   col("PRIORLEN","Prior lenalidomide","yesno",True), col("PRIORBOR","Prior bortezomib","yesno",True),
   col("DIALYSIS","Dialysis","yesno"), col("HEPIMP","Hepatic impairment","code",codeList="HEPIMP")]},
 {"code":"EX","name":"Study drug administration","key":["SUBJID","EXTRT","EXSEQ"],"columns":[
   col("SUBJID","Subject","text",True), col("EXSEQ","Sequence number","integer",True),
   col("EXTRT","Treatment","code",True,codeList="EXTRT"), col("CYCLE","Cycle","integer",True),
   col("EXSTDAT","Start date","date",True), col("EXENDAT","End date","date",True),
   col("EXDOSE","Dose (mg per administration)","number",True), col("EXADJ","Reason for dose adjustment","code",codeList="EXADJ")]},
 {"code":"AE","name":"Adverse events","key":["SUBJID","AESEQ"],"columns":[
   col("SUBJID","Subject","text",True), col("AESEQ","Sequence number","integer",True),
   col("AETERM","Verbatim term","text",True), col("AEDECOD","Preferred term","text"),
   col("AESTDAT","Start date","date",True), col("AEENDAT","End date","date"), col("AEONGO","Ongoing","yesno"),
   col("AETOXGR","CTCAE grade","integer",True,codeList="AETOXGR"), col("AESER","Serious","yesno",True)]
   + yn_cols([("AESDTH","Serious: resulted in death"),("AESLIFE","Serious: life-threatening"),("AESHOSP","Serious: hospitalisation"),
              ("AESDISAB","Serious: disability"),("AESCONG","Serious: congenital anomaly"),("AESMIE","Serious: other medically important")])
   + [col("AEREL","Causality (WHO-UMC)","code",codeList="AEREL"), col("AEACN","Action taken with study drug","code",codeList="AEACN"),
      col("AEOUT","Outcome","code",codeList="AEOUT")]},
 {"code":"RS","name":"Response assessment","key":["SUBJID","RSDAT"],"requiredOneOf":[["RSORRES","RSNDREAS"]],"columns":[
   col("SUBJID","Subject","text",True), col("RSDAT","Assessment date","date",True), col("VISIT","Visit","text"),
   col("RSORRES","Response (IMWG)","code",codeList="RESPONSE",unknownCodeCheck="RESP-08"), col("RSNDREAS","Reason not done","text")]},
 {"code":"LB","name":"Laboratory results","key":["SUBJID","LBTESTCD","LBDAT"],"lab":{"test":"LBTESTCD","result":"LBORRES","unit":"LBORRESU"},"columns":[
   col("SUBJID","Subject","text",True), col("LBDAT","Sample date","date",True),
   col("LBTESTCD","Test","code",True,codeList="LBTEST"), col("LBORRES","Result","labresult",True), col("LBORRESU","Unit","labunit")]},
 {"code":"DS","name":"End of treatment and status","key":["SUBJID"],"onePerSubject":True,"columns":[
   col("SUBJID","Subject","text",True), col("EOTDAT","Last pomalidomide dose","date"), col("EOTREAS","Reason treatment ended","text"),
   col("DTHDAT","Date of death","date"), col("LSTCNDAT","Last contact","date")]},
 {"code":"CM","name":"Concomitant medication","key":["SUBJID","CMSEQ"],"columns":[
   col("SUBJID","Subject","text",True), col("CMSEQ","Sequence number","integer",True), col("CMTRT","Medication","text",True),
   col("CMINDC","Indication","text"), col("CMSTDAT","Start date","date"), col("CMENDAT","End date","date"), col("CMONGO","Ongoing","yesno")]},
]
codeLists={
 "SEX":cl(("M",["MALE","남","남자","남성"]),("F",["FEMALE","여","여자","여성"])),
 "ECOG":cl("0","1","2","3","4"),
 "ISS":cl(("I",["1","STAGE I"]),("II",["2","STAGE II"]),("III",["3","STAGE III"])),
 "HEPIMP":cl(("NONE",["NO","NORMAL","없음","정상"]),("MILD",["경증"]),("MODERATE",["중등도"]),("SEVERE",["중증"])),
 "EXTRT":cl(("POMALIDOMIDE",["POMALYST","IMNOVID","포말리도마이드","포말리스트"]),("DEXAMETHASONE",["DEX","덱사메타손"])),
 "EXADJ":cl(("ADVERSE EVENT",["AE","이상사례"]),("OTHER",["기타"])),
 "AETOXGR":cl(*[(str(g),[f"GRADE {g}",f"G{g}",f"{g}등급"]) for g in range(1,6)]),
 "AEREL":cl(("CERTAIN",["확실함"]),("PROBABLE",["PROBABLE/LIKELY","LIKELY","상당히 확실함"]),("POSSIBLE",["가능함"]),
            ("UNLIKELY",["가능성 적음"]),("NOT RELATED",["UNRELATED","관련 없음","관련성 없음"]),
            ("UNASSESSABLE",["UNASSESSABLE/UNCLASSIFIABLE","UNCLASSIFIABLE","평가 곤란"])),
 "AEACN":cl(("DOSE NOT CHANGED",["변경 없음","용량 유지"]),("DOSE REDUCED",["감량"]),("DRUG INTERRUPTED",["투약 중단","휴약"]),
            ("DRUG WITHDRAWN",["투약 중지","영구 중단"]),("NOT APPLICABLE",["해당 없음"]),("UNKNOWN",["알 수 없음"])),
 "AEOUT":cl(("RECOVERED/RESOLVED",["RECOVERED","RESOLVED","회복"]),("RECOVERING/RESOLVING",["RECOVERING","RESOLVING","회복 중"]),
            ("NOT RECOVERED/NOT RESOLVED",["NOT RECOVERED","NOT RESOLVED","회복되지 않음"]),
            ("RECOVERED/RESOLVED WITH SEQUELAE",["RECOVERED WITH SEQUELAE","후유증을 동반한 회복"]),("FATAL",["DEATH","사망"]),("UNKNOWN",["알 수 없음"])),
 "RESPONSE":cl(("sCR",["STRINGENT CR","STRINGENT COMPLETE RESPONSE"]),("CR",["COMPLETE RESPONSE"]),
               ("VGPR",["VERY GOOD PARTIAL RESPONSE"]),("PR",["PARTIAL RESPONSE"]),("MR",["MINIMAL RESPONSE","MINOR RESPONSE"]),
               ("SD",["STABLE DISEASE"]),("PD",["PROGRESSIVE DISEASE","PROGRESSION"]),("NE",["NOT EVALUABLE","NOT EVALUATED"])),
 "LBTEST":cl(("ANC",["NEUTROPHILS","ABSOLUTE NEUTROPHIL COUNT"]),("PLAT",["PLT","PLATELETS"]),("HGB",["HB","HEMOGLOBIN","HAEMOGLOBIN"]),
             ("CREAT",["CREATININE"]),("SPEP",["M-PROTEIN","SERUM M-PROTEIN"]),("UPEP",["URINE M-PROTEIN"]),
             ("KAPPA",["FLC KAPPA","FREE KAPPA"]),("LAMBDA",["FLC LAMBDA","FREE LAMBDA"]),("SIFE",["SERUM IFE"]),("UIFE",["URINE IFE"]),
             ("BMPC",["BONE MARROW PLASMA CELLS"])),
 "IFE":cl(("POSITIVE",["POS","+","양성"]),("NEGATIVE",["NEG","-","음성"])),
}
giga=["x10^9/L","10*9/L","x10*9/L","10E9/L","x10E9/L"]
def u(unit,factor=1,syn=[]):
    d={"unit":unit}
    if factor<1: d["divideBy"]=round(1/factor,6)
    elif factor>1: d["multiplyBy"]=factor
    if syn: d["synonyms"]=syn
    return d
labTests=[
 {"code":"ANC","name":"Absolute neutrophil count","kind":"numeric","units":[u("10^9/L",1,giga),u("/uL",0.001,["/µL","/μL","cells/uL","cells/µL"]),u("cells/mm3",0.001,["/mm3","cells/mm^3"])]},
 {"code":"PLAT","name":"Platelets","kind":"numeric","units":[u("10^9/L",1,giga),u("/uL",0.001,["/µL","/μL"])]},
 {"code":"HGB","name":"Haemoglobin","kind":"numeric","units":[u("g/dL"),u("g/L",0.1)]},
 {"code":"CREAT","name":"Creatinine","kind":"numeric","units":[u("mg/dL"),u("umol/L",1/88.4,["µmol/L","μmol/L"])]},
 {"code":"SPEP","name":"Serum M-protein","kind":"numeric","units":[u("g/dL"),u("g/L",0.1)]},
 {"code":"UPEP","name":"Urine M-protein","kind":"numeric","units":[u("mg/24h",1,["mg/24hr","mg/24 h","mg/day"])]},
 {"code":"KAPPA","name":"Free light chain kappa","kind":"numeric","units":[u("mg/L"),u("mg/dL",10)]},
 {"code":"LAMBDA","name":"Free light chain lambda","kind":"numeric","units":[u("mg/L"),u("mg/dL",10)]},
 {"code":"SIFE","name":"Serum immunofixation","kind":"coded","codeList":"IFE"},
 {"code":"UIFE","name":"Urine immunofixation","kind":"coded","codeList":"IFE"},
 {"code":"BMPC","name":"Bone-marrow plasma cells","kind":"numeric","units":[u("%")]},
]
treatment={"studyDrug":"POMALIDOMIDE","comedication":"DEXAMETHASONE","cycleLengthDays":28,"dosingDays":21,"doseLevels":[4,3,2,1],"startDose":4,
 "labelStartDoses":[{"dose":3,"when":{"DIALYSIS":["Y"]},"reason":"severe renal impairment on dialysis"},
                    {"dose":3,"when":{"HEPIMP":["MILD","MODERATE"]},"reason":"mild or moderate hepatic impairment"},
                    {"dose":2,"when":{"HEPIMP":["SEVERE"]},"reason":"severe hepatic impairment"}],
 "comedicationDose":40,"comedicationDoseElderly":20,"elderlyAgeAbove":75,"comedicationDays":[1,8,15,22]}
P=lambda **kw: {"params":kw}
checks={
 "DOSE-06":P(aeLookbackDays=56,reductionActions=["DOSE REDUCED","DRUG INTERRUPTED"],otherReason="OTHER"),
 "DOSE-07":P(reductionWithinDays=56,reducedAction="DOSE REDUCED"),
 "DOSE-10":P(ancTest="ANC",ancBelow=0.5,platTest="PLAT",platBelow=25),
 "RESP-01":P(firstCycle=2,lastCycle=7,windowDays=7), "RESP-02":P(daysBefore=7,daysAfter=35), "RESP-03":P(daysAfterFirstDose=35),
 "RESP-04":P(windowDays=14,tests=["SPEP","UPEP","KAPPA","LAMBDA"],responses=["sCR","CR","VGPR","PR","MR","PD"]),
 "RESP-05":P(spepTest="SPEP",windowDays=14,measurableBaseline=0.5,baselineMaxAgeDays=30,vgprReduction=0.9,prReduction=0.5,mrReduction=0.25,pdAbsoluteIncrease=0.5,pdRelativeIncrease=1.25,
             progression="PD",vgprOrBetter=["sCR","CR","VGPR"],partial="PR",minimal="MR"),
 "RESP-06":P(sifeTest="SIFE",negativeResult="NEGATIVE",windowDays=30,completeResponses=["sCR","CR"]),
 "AEDT-03":P(safetyWindowDays=28), "AEDT-06":P(fatalOutcome="FATAL"),
 "AECON-01":P(seriousnessCriteria=["AESDTH","AESLIFE","AESHOSP","AESDISAB","AESCONG","AESMIE"]),
 "AECON-02":P(fatalOutcome="FATAL",fatalGrade=5),
 "ELIG-01":P(minAge=19), "ELIG-02":P(minPriorRegimens=2), "ELIG-03":P(requiredPriorTreatments=["PRIORLEN","PRIORBOR"]),
 "SAFE-01":P(startWithinDays=7,antithrombotics=["aspirin","acetylsalicylic acid","enoxaparin","dalteparin","nadroparin","tinzaparin","heparin","warfarin","rivaroxaban","apixaban","edoxaban","dabigatran",
   "아스피린","아세틸살리실산","와파린","에녹사파린","달테파린","나드로파린","틴자파린","리바록사반","아픽사반","에독사반","다비가트란","헤파린"]),
 "DATA-06":P(periods=["EX.EXSTDAT.EXENDAT","CM.CMSTDAT.CMENDAT"]),
}
d={"formatVersion":1,
 "study":{"code":"NIPMS-POM-KR-001","registry":"NCT03288974","name":"Post-marketing surveillance of pomalidomide (POMALYST) in relapsed and refractory multiple myeloma in Korea","sponsor":"Celgene Korea","targetSubjects":600,"surveillanceStart":"2017-06-09","surveillanceEnd":"2023-06-08"},
 "missingMarkers":["","NA","N/A","ND",".","UNK"],
 "yesNo":{"Y":["Y","YES","1","예"],"N":["N","NO","0","아니오"]},
 "codeLists":codeLists,"forms":forms,"labTests":labTests,"treatment":treatment,"checks":checks,"customChecks":[]}
json.dump(d,open('resources/study/pomalidomide-pms.json','w'),ensure_ascii=False,indent=2)
