"""Excel import/export of leads and of the 签约项目台账."""

from tuijin.exchange.pipeline import ImportSpec


class LeadImportSpec(ImportSpec):
    pass


class ContractImportSpec(ImportSpec):
    pass
