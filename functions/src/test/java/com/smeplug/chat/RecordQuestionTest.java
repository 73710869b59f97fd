package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordQuestionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            What are our open cases?                                   | true  | false | false | false
            Show me the Salesforce account                             | true  | false | false | false
            List open tickets                                          | true  | false | false | false
            How much rebar do we have?                                 | false | false | true  | false
            What purchase orders are open?                             | false | true  | false | true
            stock of gloves                                            | false | true  | false | false
            What is on hand in the warehouse?                          | false | true  | false | false
            How long do we have to notify a GDPR data breach?          | false | false | false | false
            What does W18x35 mean?                                     | false | false | false | false
            Which HIPAA technical safeguards are required?             | false | false | false | false
            What remedies exist for breach of contract in a case law?  | false | false | false | false
            Worst case, what GDPR fine could we get for this leak?     | false | false | false | false
            In any case, do we have to notify our clients?             | false | false | false | false
            What does our case law say about non-competes?             | false | false | false | false
            Is there a test case for our fair use defence?             | false | false | false | false
            In that case do we need a DPIA for our project?            | false | false | false | false
            In what order should I take off my gown and gloves?        | false | false | false | false
            Does a court order let us disclose our patients records?   | false | false | false | false
            Do we need a change order for our extra rebar?             | false | false | false | false
            Show me our open cases                                     | true  | false | false | false
            What is the status of my case 00001027?                    | true  | false | false | false
            In any case, what are our open cases?                      | true  | false | false | false
            When is our order from Medline arriving?                   | false | false | true  | false
            """)
    void intent_keywords_tell_record_questions_from_subject_questions(String message, boolean crm, boolean erpDefinite,
            boolean erpPossible, boolean purchaseOrders) {
        assertThat(RecordQuestion.classify(message))
                .isEqualTo(new RecordQuestion(crm, erpDefinite, erpPossible, purchaseOrders));
    }
}
