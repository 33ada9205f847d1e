#!/bin/sh
# Regenerates the start workbooks of the libreoffice_calc tasks from the CSV text below, with LibreOffice
# itself (a throw-away profile, so a running LibreOffice is not disturbed). Each sheet is named after
# its CSV file. Run from anywhere: sh tasks/libreoffice_calc/files/make-start-files.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

csv() { mkdir -p "$work/$1" && cat > "$work/$1/$2.csv"; }

csv expenses Expenses <<'CSV'
Item,Amount
Rent,1250
Electricity,86.4
Internet,39.99
Groceries,412.75
Insurance,120
CSV

csv contacts Contacts <<'CSV'
Name,City,Phone
Alice Martin,Lyon,555-0101
Bruno Costa,Porto,555-0102
Chen Wei,Shanghai,555-0103
CSV

csv inventory Inventory <<'CSV'
Product,Stock
Stapler,14
Notebook,250
Pencil,600
Eraser,75
Binder,32
Toner,5
CSV

csv prices Prices <<'CSV'
Product,Net price,Gross price
Desk lamp,24.5,
Office chair,149,
Monitor arm,62.25,
Keyboard,35.8,
Mouse pad,7.9,
CSV

csv roster Sheet1 <<'CSV'
Employee,Department,Start year
Hana Sato,Finance,2019
Omar Haddad,Sales,2021
Lena Vogel,Support,2018
Marco Rossi,Sales,2023
CSV

csv quarterly Quarterly <<'CSV'
Region,Q1,Q2,Q3,Q4
North,120,135,128,150
South,98,102,110,117
East,143,139,151,160
CSV

csv schedule Schedule <<'CSV'
Week,Topic
,Introduction
,Data types
,Control flow
,Functions
,Modules
,Testing
,Packaging
,Review
CSV

for folder in "$work"/*/; do
    book=$(basename "$folder")
    (cd "$folder" && soffice -env:UserInstallation="file://$work/profile" --headless --convert-to xlsx:"Calc Office Open XML" \
        --infilter=CSV:44,34,76,1 --outdir "$work/out" ./*.csv >/dev/null)
    mv "$work/out/"*.xlsx "$here/$book.xlsx"
done
ls -l "$here"/*.xlsx
