# Writes the example CSV files of the README from datasets shipped with R's survival package.
# Run: Rscript examples/make-examples.R   (R 4.2, survival 3.5)
library(survival)
aml2 <- data.frame(weeks = aml$time, relapse = aml$status,
                   maintenance = ifelse(aml$x == "Maintained", "yes", "no"))
write.csv(aml2, "examples/aml.csv", row.names = FALSE, quote = FALSE)
